import FerryCore
import FerryTestSupport
import Testing
@testable import FerryParquet

/// Which chunks keep their dictionary: the decision `ParquetPageBuilder` takes once per chunk,
/// after `trialValues` values or when the dictionary fills, whichever comes first.
@Suite("Parquet dictionary or PLAIN")
struct ParquetPageBuilderTests {
    /// A page builder of column 0 of `batch`, fed all its rows (closing nothing: the caller of
    /// `append` closes pages); whether `append` asked for the page to close (a full dictionary).
    private func fed(_ schema: Schema, _ rows: [[TestValue?]]) throws -> (ParquetPageBuilder, full: Bool) {
        let batch = testBatch(schema, rows)
        var page = ParquetPageBuilder(ParquetColumnSpec(schema.columns[0]))
        var rows = (0..<batch.rowCount).makeIterator()
        let full = try page.append(batch.columns[0], &rows, lines: batch.lines, dictionaryLimit: ParquetColumnWriter.dictionaryBytes)
        return (page, full)
    }

    @Test("fixed-width values looked up as words: one index per distinct value, PLAIN bytes in order of first appearance")
    func wordDictionary() {
        var d = ParquetDictionary()
        let values: [Int32] = (0..<3_000).map { Int32($0 % 1_500) * -65_537 }
        let indices = values.map { d.index(ofWord: UInt64(truncatingIfNeeded: $0), width: 4) }
        #expect(indices == (0..<3_000).map { UInt32($0 % 1_500) })
        #expect(d.count == 1_500)
        #expect(d.plain == values.prefix(1_500).flatMap { ParquetStatistics.littleEndian($0) })
        var plain: [UInt8] = []
        d.appendPlain(of: [1_499, 0, 7], to: &plain)
        #expect(plain == [values[1_499], values[0], values[7]].flatMap { ParquetStatistics.littleEndian($0) })
    }

    @Test("a chunk of distinct integers gives up its dictionary: its page holds every value PLAIN, in order")
    func distinctIntegersArePlain() throws {
        let count = ParquetPageBuilder.trialValues + 5_000
        let values = (0..<count).map { Int64($0) * 7_919 - 1_000_000 }
        let schema = testSchema([("id", .bigint)])
        let (page, full) = try fed(schema, values.map { [.int($0)] })
        #expect(!full)
        #expect(!page.encodesWithDictionary)
        #expect(page.dictionary.count == 0 && page.indices.isEmpty)
        // The values of the trial went back from the dictionary to `values`, the later ones to `words`.
        #expect(page.values.count == ParquetPageBuilder.trialValues * 8)
        let plain = page.values + page.words.withUnsafeBytes { Array($0) }
        #expect(plain == values.flatMap { ParquetStatistics.littleEndian($0) })
        #expect(page.pageValueCount == count)
    }

    @Test("a chunk of few distinct values keeps its dictionary past the trial")
    func repeatedValuesKeepTheDictionary() throws {
        let count = ParquetPageBuilder.trialValues + 5_000
        let schema = testSchema([("day", .date)])
        let (page, full) = try fed(schema, (0..<count).map { [$0 % 9 == 0 ? nil : .int(Int64($0 % 2_000))] })
        #expect(!full)
        #expect(page.encodesWithDictionary)
        #expect(page.dictionary.count == 2_000)
        #expect(page.values.isEmpty)
    }

    @Test("distinct text that fills the dictionary before the trial ends is PLAIN, with its length prefixes")
    func distinctTextFillingTheDictionaryIsPlain() throws {
        let texts = (0..<20_000).map { "\($0)" + String(repeating: "x", count: 60) }
        let schema = testSchema([("long", .text)])
        let (page, full) = try fed(schema, texts.map { [.text($0)] })
        #expect(!full)
        #expect(!page.encodesWithDictionary && page.dictionary.count == 0)
        #expect(page.values == texts.flatMap { ParquetStatistics.littleEndian(UInt32($0.utf8.count)) + Array($0.utf8) })
    }

    @Test("text seen twice each that fills the dictionary keeps it for the page so far (PLAIN after)")
    func repeatedTextFillingTheDictionaryKeepsIt() throws {
        let texts = (0..<40_000).map { "\($0 / 2)" + String(repeating: "x", count: 60) }
        let schema = testSchema([("pair", .text)])
        let (page, full) = try fed(schema, texts.map { [.text($0)] })
        #expect(full)
        #expect(page.encodesWithDictionary)
        #expect(page.dictionary.plain.count >= ParquetColumnWriter.dictionaryBytes)
        #expect(page.indices.count < texts.count)
    }
}
