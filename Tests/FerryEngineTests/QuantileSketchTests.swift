import FerryCore
import FerryEngine
import Testing

@Suite("Profiler quantiles")
struct QuantileSketchTests {
    /// Profiles `values` (typed by hand: NULL, an integer, or a decimal's text) as one column.
    private func profile(_ values: [String?], as type: ColumnType) -> ColumnProfile? {
        let schema = Schema(columns: [Column(name: "c", type: type, origin: .declared)])
        var profiler = Profiler(schema: schema, numbers: true)
        for part in stride(from: 0, to: values.count, by: 5000) {
            var batch = TypedBatch(schema: schema)
            for value in values[part ..< min(part + 5000, values.count)] {
                if let value, type == .bigint, let n = Int64(value) {
                    batch.columns[0].append(int: n)
                } else if let value {
                    batch.columns[0].append(text: value)
                } else {
                    batch.columns[0].appendNull()
                }
            }
            profiler.observe(batch)
        }
        return profiler.profiles().first
    }

    @Test("quartiles and sum are exact while a column has at most 4096 values")
    func exact() throws {
        let p = try #require(profile(["4", nil, "1", "3", "2", "8", "5", "7", "6"], as: .bigint))
        #expect(p.sum == 36)
        #expect(p.quantiles.map(\.q) == [0.25, 0.5, 0.75])
        #expect(p.quantiles.map(\.value) == [2, 4, 6])
    }

    @Test("decimal columns get quartiles too; text columns none")
    func decimals() throws {
        let d = try #require(profile(["0.5", "1.5", "2.5", "3.5"], as: .anyDecimal))
        #expect(d.quantiles.map(\.value) == [0.5, 1.5, 2.5])
        #expect(d.sum == 8)
        let t = try #require(profile(["a", "b"], as: .text))
        #expect(t.quantiles.isEmpty && t.sum == nil)
    }

    @Test("past 4096 values each quartile's rank stays within 2.5 % of the asked one")
    func sampled() throws {
        // 200,000 values in a scrambled order: value v has rank v / 200,000.
        let n = 200_000
        let values: [String?] = (0 ..< n).map { String(($0 &* 7919) % n) }
        let p = try #require(profile(values, as: .bigint))
        for quantile in p.quantiles {
            let rank = quantile.value / Double(n)
            #expect(abs(rank - quantile.q) <= 0.025, "q \(quantile.q): rank \(rank)")
        }
        // The same input gives the same numbers (fixed seed).
        #expect(profile(values, as: .bigint)?.quantiles == p.quantiles)
    }
}
