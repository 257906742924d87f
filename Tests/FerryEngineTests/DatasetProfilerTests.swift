import FerryCore
import FerryEngine
import Testing

@Suite("DatasetProfiler: formats, values, uniqueness, outliers, suggested checks")
struct DatasetProfilerTests {
    /// Types `values` as one column `c` of `type` (lines 2, 3, …) and profiles it in batches.
    private func findings(_ values: [String?], as type: ColumnType, batchSize: Int = 1000,
                          probes: [FormatProbe] = TextShapes.probes) throws -> ColumnFindings {
        let schema = Schema(columns: [Column(name: "c", type: type, origin: .declared)])
        let typist = Typist(schema: schema, fieldIndex: [0], limits: .none)
        var profiler = DatasetProfiler(schema: schema, probes: probes)
        var start = 0
        while start < values.count {
            let end = min(start + batchSize, values.count)
            var out = TypedBatch(schema: schema)
            var rejects: [RejectedRecord] = []
            typist.type(TypingFixtures.batch(values[start ..< end].map { [$0] }, firstLine: 2 + start), into: &out, rejects: &rejects)
            profiler.observe(out)
            start = end
        }
        #expect(profiler.rows == values.count)
        return try #require(profiler.findings().first)
    }

    @Test("every value of a text column in one date shape is that format; a stray value leaves only the share")
    func dateShape() throws {
        let days = (1...28).map { String(format2($0)) + ".11.2026" }
        let f = try findings(days, as: .text)
        #expect(f.fullFormats.map(\.name) == ["date DD.MM.YYYY"])
        let mixed = try findings(days + ["2026-11-29", "31.02.2026"], as: .text)
        #expect(mixed.fullFormats.isEmpty)
        #expect(mixed.formats.first?.name == "date DD.MM.YYYY" && mixed.formats.first?.matched == 28)
    }

    @Test("postal codes of several countries are postal-code-like; four-digit years in text are too, words are not")
    func postal() throws {
        let f = try findings(["10115", "SW1A 1AA", "K1A 0B1", "1012 AB", "02134-1234", "8001", "M1 1AE"], as: .text)
        #expect(f.fullFormats.map(\.name) == ["postal_code"])
        #expect(try findings(["Berlin", "10115"], as: .text).fullFormats.isEmpty)
    }

    @Test("phone numbers with separators or a plus are phones")
    func phone() throws {
        let f = try findings(["+49 30 1234567", "030 123-4567", "+1.212.555.0100"], as: .text)
        #expect(f.fullFormats.map(\.name) == ["phone"])
    }

    @Test("values and counts are exact under the cap; past it the column has many values and no exact distinct count")
    func values() throws {
        let f = try findings(["b", "a", "b", nil, "c", "b", "a"], as: .text, batchSize: 2)
        #expect(f.values?.map(\.value) == ["b", "a", "c"])
        #expect(f.values?.map(\.count) == [3, 2, 1])
        #expect(f.distinct == 3 && f.distinctExact)
        let many = try findings((0 ..< 1_500).map { "v\($0 % 1_200)" }, as: .text)
        #expect(many.values == nil && !many.distinctExact)
        #expect(many.unique == false)
    }

    @Test("uniqueness is proven over every value, and a late repeat across batches is found")
    func uniqueness() throws {
        let ids = (1 ... 5_000).map(String.init)
        #expect(try findings(ids, as: .bigint, batchSize: 333).unique == true)
        #expect(try findings(ids + ["17"], as: .bigint, batchSize: 333).unique == false)
        #expect(try findings(["1.5", "1.5"], as: .double).unique == nil)
    }

    @Test("one planted outlier among steady numbers is found by MAD with its line; steady numbers have none")
    func outliers() throws {
        var values = (0 ..< 200).map { String(100 + $0 % 7) }
        values[120] = "5000"
        let f = try findings(values, as: .bigint, batchSize: 64)
        let spread = try #require(f.spread)
        #expect(spread.outliers == 1 && spread.exact)
        #expect(spread.examples.map(\.line) == [122])
        #expect(spread.examples.map(\.value) == [5000])
        #expect(spread.median == 103)
        let steady = try #require(try findings((0 ..< 50).map { String($0 % 5) }, as: .bigint).spread)
        #expect(steady.outliers == 0 && steady.examples.isEmpty)
    }

    @Test("more than half the values equal: the mean absolute deviation stands in, so the odd value is still an outlier")
    func zeroMAD() throws {
        let spread = try #require(try findings(Array(repeating: "0", count: 30) + ["1", "250"], as: .bigint).spread)
        #expect(spread.mad == 0)
        #expect(spread.examples.map(\.value) == [250])
    }

    @Test("past the sample's capacity the outlier count is scaled, and the extremes are still exact")
    func sampled() throws {
        var values = (0 ..< 40_000).map { String($0 % 100) }
        values[39_999] = "1000000"
        let spread = try #require(try findings(values, as: .bigint, batchSize: 4096).spread)
        #expect(!spread.exact)
        #expect(spread.examples.map(\.line) == [40_001])
        #expect(spread.outliers >= 1)
        let h = try #require(try findings(values, as: .bigint, batchSize: 4096).histogram)
        #expect(h.lower == 0 && h.upper == 1_000_000 && !h.exact)
    }

    @Test("a histogram counts every value in its bin; small integer ranges get one bin per value")
    func histogram() throws {
        let h = try #require(try findings(["1", "2", "2", "3", "3", "3", nil], as: .bigint).histogram)
        #expect(h.counts == [1, 2, 3] && h.exact)
        let d = try #require(try findings(["2026-01-01", "2026-12-31"], as: .date).histogram)
        #expect(d.counts.count == Histogram.maxBins && d.counts.reduce(0, +) == 2)
    }

    @Test("suggested checks: not_null, in_set for repeating codes, unique ids, ranges, formats; nothing from a NULL column")
    func suggestions() throws {
        let status = try findings(["open", "closed", "open", "open", "closed", "open"], as: .text)
        #expect(CheckSuggester.suggest(status).map(\.rule) == [.notNull, .inSet(values: ["closed", "open"])])
        let id = try findings(["3", "1", "2"], as: .bigint)
        #expect(CheckSuggester.suggest(id).map(\.rule) == [
            .notNull, .unique, .range(min: .number("1"), max: .number("3"), minInclusive: true, maxInclusive: true),
        ])
        let day = try findings(["2026-11-02", nil, "2026-11-01"], as: .date)
        #expect(CheckSuggester.suggest(day).map(\.rule) == [
            .unique, .range(min: .text("2026-11-01"), max: .text("2026-11-02"), minInclusive: true, maxInclusive: true),
        ])
        let zip = try findings(["10115", "80331", "20095"], as: .text)
        #expect(CheckSuggester.suggest(zip).last?.rule == .regex(pattern: TextShapes.postalPattern))
        let empty = try findings([nil, nil], as: .text)
        #expect(CheckSuggester.suggest(rows: 2, columns: [empty]).map(\.name) == ["row_count"])
        let weird = try findings(["1.5", "NaN", "2"], as: .double)
        #expect(!CheckSuggester.suggest(weird).contains { $0.rule.kind == .range })
    }

    private func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
