import FerryCore
import FerryEngine
import Testing

@Suite("Profiler")
struct ProfileTests {
    /// Types `values` as one column of `type` (declared: read in every accepted form) and
    /// profiles them in batches of `batchSize` rows.
    private func profile(_ values: [String?], as type: ColumnType, batchSize: Int = 1000) -> ColumnProfile? {
        let schema = Schema(columns: [Column(name: "c", type: type, origin: .declared)])
        let typist = Typist(schema: schema, fieldIndex: [0], limits: .none)
        var profiler = Profiler(schema: schema)
        var start = 0
        while start < values.count {
            let end = min(start + batchSize, values.count)
            var out = TypedBatch(schema: schema)
            var rejects: [RejectedRecord] = []
            typist.type(TypingFixtures.column(Array(values[start ..< end])), into: &out, rejects: &rejects)
            profiler.observe(out)
            start = end
        }
        return profiler.profiles().first
    }

    @Test("counts, nulls, numeric min/max and samples of a bigint column")
    func bigint() throws {
        let p = try #require(profile(["9", nil, "10", "-3", "10", nil, "9", "7", "8", "100"], as: .bigint, batchSize: 3))
        #expect(p.name == "c" && p.type == .bigint)
        #expect(p.count == 8 && p.nulls == 2)
        #expect(p.distinctEstimate == 6)
        #expect(p.min == "-3" && p.max == "100")
        #expect(p.samples == ["9", "10", "-3", "7", "8"])
    }

    static let extremes: [(ColumnType, [String], String, String)] = [
        (.anyDecimal, ["0.5", "-1.25", "10", "-1.5", "9.99", "10.000", "-0.001"], "-1.5", "10"),
        (.anyDecimal, ["123456789012345678901234567890", "99.5", "123456789012345678901234567890.5"],
         "99.5", "123456789012345678901234567890.5"),
        (.double, ["2.5", "NaN", "-1e300", "1e-5", "Infinity"], "-1e+300", "Infinity"),
        (.boolean, ["true", "true"], "true", "true"),
        (.date, ["2024-03-01", "1969-07-20", "2024-02-29"], "1969-07-20", "2024-03-01"),
        (.timestamptz, ["2024-01-01T10:00:00+02:00", "2024-01-01T09:00:00Z", "2024-01-01T07:30:00-00:45"],
         "2024-01-01 08:00:00Z", "2024-01-01 09:00:00Z"),
        (.text, ["b", "abc", "B", "ä", ""], "", "ä"),
        (.uuid, ["ffffffff-0000-4000-8000-000000000000", "00000000-0000-4000-8000-00000000000A"],
         "00000000-0000-4000-8000-00000000000a", "ffffffff-0000-4000-8000-000000000000"),
    ]

    @Test("min and max follow the type's order and print canonically", arguments: extremes)
    func minMax(type: ColumnType, values: [String], min: String, max: String) throws {
        let p = try #require(profile(values, as: type, batchSize: 2))
        #expect(p.min == min)
        #expect(p.max == max)
        #expect(p.count == values.count)
    }

    @Test("a column of only NULLs has no extremes, samples or distinct values")
    func allNull() throws {
        let p = try #require(profile([nil, nil, nil], as: .timestamp))
        #expect(p.count == 0 && p.nulls == 3 && p.distinctEstimate == 0)
        #expect(p.min == nil && p.max == nil && p.samples.isEmpty)
    }

    @Test("NaN is counted and sampled but not ordered")
    func nan() throws {
        let p = try #require(profile(["NaN", "nan", "NaN"], as: .double))
        #expect(p.count == 3 && p.distinctEstimate == 1)
        #expect(p.min == nil && p.max == nil)
        #expect(p.samples == ["NaN"])
    }

    @Test("text samples are distinct and cut at 40 characters")
    func textSamples() throws {
        let long = String(repeating: "é", count: 39) + "🙂🙂 and more"
        let p = try #require(profile(["a", "a", long, "b", "a", "c", "d", "e"], as: .text))
        #expect(p.samples == ["a", String(repeating: "é", count: 39) + "🙂…", "b", "c", "d"])
        #expect(p.max == long)
        #expect(p.distinctEstimate == 6)
    }

    @Test("the distinct estimate of many values is within 2 %", arguments: [1_000, 20_000, 200_000])
    func distinctEstimate(distinct: Int) throws {
        // Each value twice, as integers and as text.
        let ints = (0 ..< 2 * distinct).map { String($0 % distinct * 7919 - 1_000_000) }
        let numbers = try #require(profile(ints, as: .bigint, batchSize: 10_000))
        #expect(abs(Double(numbers.distinctEstimate - distinct)) <= 0.02 * Double(distinct))
        let names = (0 ..< 2 * distinct).map { "customer-\($0 % distinct)@example.com" }
        let texts = try #require(profile(names, as: .text, batchSize: 10_000))
        #expect(abs(Double(texts.distinctEstimate - distinct)) <= 0.02 * Double(distinct))
    }

    @Test("profiles come in schema order with every column's name")
    func schemaOrder() {
        let schema = Schema(columns: [
            Column(name: "id", type: .bigint, origin: .inferred),
            Column(name: "label", type: .text, origin: .inferred),
        ])
        var out = TypedBatch(schema: schema)
        var rejects: [RejectedRecord] = []
        Typist(schema: schema, fieldIndex: [0, 1], limits: .none)
            .type(TypingFixtures.batch([["1", "x"], ["2", nil]]), into: &out, rejects: &rejects)
        var profiler = Profiler(schema: schema)
        profiler.observe(out)
        let profiles = profiler.profiles()
        #expect(profiles.map(\.name) == ["id", "label"])
        #expect(profiles.map(\.nulls) == [0, 1])
        #expect(profiles.map(\.count) == [2, 1])
    }
}
