import FerryCore
@testable import FerryFiles
import Testing

/// The writers' column fast paths (a whole column without a byte to protect or escape, pointer
/// writes of protected and escaped texts, JSON strings of int64-stored columns) against the
/// value-by-value references and against literal expected bytes.
@Suite("Writer fast paths")
struct WriterFastPathTests {
    /// Text, date, timestamptz, decimal, boolean and bigint, as the benchmark table has them.
    static let schema = Schema(columns: [("t", ColumnType.text), ("day", .date), ("tz", .timestamptz), ("m", .anyDecimal), ("b", .boolean), ("i", .bigint)]
        .map { Column(name: $0.0, type: $0.1, origin: .declared) })

    /// Rows whose texts are long and plain (`dirty` nil) or plain but for `dirty` at row `at`.
    static func batch(rows: Int, dirty: String?, at: Int, decimal: String = "77397.54") -> TypedBatch {
        var batch = TypedBatch(schema: schema)
        for r in 0 ..< rows {
            if r % 11 == 3 {
                batch.columns[0].appendNull()
            } else if r % 13 == 5 {
                batch.columns[0].append(text: "")
            } else if let dirty, r == at {
                batch.columns[0].append(text: dirty)
            } else {
                batch.columns[0].append(text: "Małgorzata Dvořák 中文 🙂 order \(r) refund delivery")
            }
            batch.columns[1].append(int: Int64(r % 4000 - 700_000))
            batch.columns[2].append(int: 1_700_000_000_123_000 + Int64(r) * 1_000_017)
            batch.columns[3].append(text: r == at ? decimal : "77397.54")
            if r % 7 == 0 { batch.columns[4].appendNull() } else { batch.columns[4].append(int: Int64(r & 1)) }
            batch.columns[5].append(int: Int64(r) * 1_000_003 - 5)
            batch.lines.append(r + 1)
        }
        return batch
    }

    static let dirtyTexts = ["a,b", "say \"x\"", "line\nbreak", "cr\r\nlf", "tab\there", "back\\slash", "\u{7F}del",
                             "\u{01}\u{1F}ctl", "\u{08}\u{0C}\u{0B}", "\\N", "N", "é\u{00}"]

    @Test("JSON Lines: plain columns, and one value to escape early or late, give the value-by-value bytes",
          arguments: [nil] + dirtyTexts.map(Optional.some))
    func jsonLines(dirty: String?) {
        let names = Self.schema.columns.map(\.name)
        for (rows, at) in [(1, 0), (40, 39), (5000, 4095), (5000, 4096), (300, 0)] {
            let batch = Self.batch(rows: rows, dirty: dirty, at: at, decimal: dirty == nil ? "-0.5" : "NaN")
            var encoder = JSONLinesEncoder(names: names)
            var out: [UInt8] = []
            var row = 0
            while row < rows {
                let end = min(row + JSONLinesEncoder.rowsPerPiece, rows)
                encoder.appendRows(batch, row ..< end, to: &out)
                row = end
            }
            #expect(out == JSONLinesEncoderTests.reference(batch, names: names), "\(rows) rows, dirty at \(at)")
        }
    }

    @Test("JSON Lines: literal bytes of escapes, NULL against empty, quoted dates and bare numbers")
    func jsonLinesLiteral() {
        var batch = TypedBatch(schema: Schema(columns: [
            Column(name: "t", type: .text, origin: .declared), Column(name: "d", type: .date, origin: .declared),
            Column(name: "m", type: .anyDecimal, origin: .declared), Column(name: "b", type: .boolean, origin: .declared),
        ]))
        batch.columns[0].append(text: "q\"b\\n\nr\rt\tc\u{01}d\u{7F}é")
        batch.columns[1].append(int: 0)
        batch.columns[2].append(text: "-12.30")
        batch.columns[3].append(int: 1)
        batch.columns[0].append(text: "")
        batch.columns[1].appendNull()
        batch.columns[2].append(text: "007")
        batch.columns[3].appendNull()
        batch.columns[0].appendNull()
        batch.columns[1].append(int: -1)
        batch.columns[2].appendNull()
        batch.columns[3].append(int: 0)
        batch.lines = [1, 2, 3]
        var encoder = JSONLinesEncoder(names: ["t", "d", "m", "b"])
        var out: [UInt8] = []
        encoder.appendRows(batch, 0 ..< 3, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == """
            {"t":"q\\"b\\\\n\\nr\\rt\\tc\\u0001d\\u007fé","d":"1970-01-01","m":-12.30,"b":true}
            {"t":"","d":null,"m":"007","b":null}
            {"t":null,"d":"1969-12-31","m":null,"b":false}

            """)
    }

    @Test("CSV and TSV: plain columns, and one value to protect early or late, give the value-by-value bytes",
          arguments: [nil] + dirtyTexts.map(Optional.some))
    func delimited(dirty: String?) {
        let csvQuoting = [CSVQuoting(delimiter: 0x2C, quote: 0x22, escape: 0x22, nullText: []),
                          CSVQuoting(delimiter: 0x3B, quote: 0x27, escape: 0x5C, nullText: Array("N".utf8))]
        let tsvEscaping = [TSVEscaping(delimiter: 0x09, nullText: Array("\\N".utf8)), TSVEscaping(delimiter: 0x2C, nullText: Array("N".utf8))]
        for (rows, at) in [(1, 0), (40, 39), (5000, 4999), (300, 0)] {
            let batch = Self.batch(rows: rows, dirty: dirty, at: at)
            for quoting in csvQuoting {
                var encoder = DelimitedEncoder(encoding: quoting, nullText: quoting.nullText)
                let expected = DelimitedEncoderTests.reference(batch, csv: quoting, tsv: nil, nullText: quoting.nullText)
                #expect(DelimitedEncoderTests.encode([batch], with: &encoder, budget: 1 << 20) == expected, "CSV \(rows) rows")
            }
            for escaping in tsvEscaping {
                var encoder = DelimitedEncoder(encoding: escaping, nullText: escaping.nullText)
                let expected = DelimitedEncoderTests.reference(batch, csv: nil, tsv: escaping, nullText: escaping.nullText)
                #expect(DelimitedEncoderTests.encode([batch], with: &encoder, budget: 1 << 20) == expected, "TSV \(rows) rows")
            }
        }
    }

    @Test("CSV: a column of only empty strings and NULLs writes \"\" and empty fields")
    func csvOnlyEmpty() {
        var batch = TypedBatch(schema: Schema(columns: [Column(name: "t", type: .text, origin: .declared)]))
        batch.columns[0].append(text: "")
        batch.columns[0].appendNull()
        batch.columns[0].append(text: "")
        batch.lines = [1, 2, 3]
        let quoting = CSVQuoting(delimiter: 0x2C, quote: 0x22, escape: 0x22, nullText: [])
        var encoder = DelimitedEncoder(encoding: quoting, nullText: [])
        #expect(String(decoding: DelimitedEncoderTests.encode([batch], with: &encoder, budget: 1 << 20), as: UTF8.self) == "\"\"\n\n\"\"\n")
    }

    @Test("CSV and TSV: literal bytes of quoted and escaped texts")
    func delimitedLiteral() {
        var batch = TypedBatch(schema: Schema(columns: [Column(name: "t", type: .text, origin: .declared)]))
        for text in ["plain", "a,b", "say \"hi\"", "x\r\ny", "t\tb\\s", "\\N"] { batch.columns[0].append(text: text) }
        batch.lines = [1, 2, 3, 4, 5, 6]
        var csv = DelimitedEncoder(encoding: CSVQuoting(delimiter: 0x2C, quote: 0x22, escape: 0x22, nullText: []), nullText: [])
        #expect(String(decoding: DelimitedEncoderTests.encode([batch], with: &csv, budget: 1 << 20), as: UTF8.self)
            == "plain\n\"a,b\"\n\"say \"\"hi\"\"\"\n\"x\r\ny\"\nt\tb\\s\n\\N\n")
        let nullText = Array("\\N".utf8)
        var tsv = DelimitedEncoder(encoding: TSVEscaping(delimiter: 0x09, nullText: nullText), nullText: nullText)
        #expect(String(decoding: DelimitedEncoderTests.encode([batch], with: &tsv, budget: 1 << 20), as: UTF8.self)
            == "plain\na,b\nsay \"hi\"\nx\\r\\ny\nt\\tb\\\\s\n\\\\N\n")
    }
}
