import FerryCore
@testable import FerryFiles
import Testing

/// The batch-at-a-time delimited encoder against the rule it implements, written value by value:
/// each field is `ValueFormatter`'s canonical text (or the NULL text), quoted (CSV) or escaped
/// (TSV) exactly when the encoding's rules say so.
@Suite("Delimited encoder")
struct DelimitedEncoderTests {
    static let schema = Schema(columns: [
        Column(name: "i", type: .bigint, origin: .declared), Column(name: "d", type: .double, origin: .declared),
        Column(name: "m", type: .anyDecimal, origin: .declared), Column(name: "b", type: .boolean, origin: .declared),
        Column(name: "day", type: .date, origin: .declared), Column(name: "ts", type: .timestamp, origin: .declared),
        Column(name: "tz", type: .timestamptz, origin: .declared), Column(name: "u", type: .uuid, origin: .declared),
        Column(name: "j", type: .json, origin: .declared), Column(name: "t", type: .text, origin: .declared),
    ])

    private static let pieces = ["a", ",", ";", " ", "-", ":", "\"", "'", "\\", "\n", "\r", "\t", "\u{08}", "N", "\\N", "é", "中", "🙂", "0"]

    /// Random rows of every type, about one value in seven NULL.
    static func randomBatch(_ rng: inout SplitMix64, rows: Int) -> TypedBatch {
        var batch = TypedBatch(schema: schema)
        let doubles: [Double] = [0, -0.0, 1.5, -2.25e-7, 1e300, .nan, .infinity, -.infinity, 123456789, 0.1]
        for _ in 0 ..< rows {
            for c in schema.columns.indices {
                if Int.random(in: 0 ..< 7, using: &rng) == 0 {
                    batch.columns[c].appendNull()
                    continue
                }
                switch schema.columns[c].type {
                case .bigint: batch.columns[c].append(int: Int64.random(in: -1_000_000 ... 1_000_000, using: &rng))
                case .double: batch.columns[c].append(double: doubles[Int.random(in: 0 ..< doubles.count, using: &rng)])
                case .boolean: batch.columns[c].append(int: Int64.random(in: 0 ... 1, using: &rng))
                case .date: batch.columns[c].append(int: Int64.random(in: -719_162 ... 2_932_896, using: &rng))
                case .timestamp, .timestamptz:
                    batch.columns[c].append(int: Int64.random(in: -62_135_596_800_000_000 ... 253_402_300_799_999_999, using: &rng))
                case .decimal: batch.columns[c].append(text: ["-12.30", "0.5", "7", "0"][Int.random(in: 0 ..< 4, using: &rng)])
                case .uuid: batch.columns[c].append(text: "123e4567-e89b-42d3-a456-426614174000")
                case .json: batch.columns[c].append(text: ["{\"a\": \"x,y\"}", "[1,\n2]", "null"][Int.random(in: 0 ..< 3, using: &rng)])
                case .text:
                    let length = Int.random(in: 0 ..< 5, using: &rng)
                    batch.columns[c].append(text: (0 ..< length).map { _ in pieces[Int.random(in: 0 ..< pieces.count, using: &rng)] }.joined())
                }
            }
            batch.lines.append(batch.lines.count + 1)
        }
        return batch
    }

    /// The expected bytes, value by value.
    static func reference(_ batch: TypedBatch, csv: CSVQuoting?, tsv: TSVEscaping?, nullText: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        let delimiter = csv?.delimiter ?? tsv?.delimiter ?? 0x2C
        for row in 0 ..< batch.rowCount {
            for (c, column) in batch.columns.enumerated() {
                if c > 0 { out.append(delimiter) }
                if column.isNull[row] {
                    out.append(contentsOf: nullText)
                    continue
                }
                let text = Array(ValueFormatter.text(column, row: row).utf8)
                if let csv {
                    let special = text.contains { $0 == csv.delimiter || $0 == csv.quote || $0 == 0x0A || $0 == 0x0D }
                    guard special || text == nullText else {
                        out.append(contentsOf: text)
                        continue
                    }
                    out.append(csv.quote)
                    for b in text {
                        if b == csv.quote || b == csv.escape { out.append(csv.escape) }
                        out.append(b)
                    }
                    out.append(csv.quote)
                } else if let tsv {
                    let letters: [UInt8: UInt8] = [0x5C: 0x5C, 0x0A: 0x6E, 0x0D: 0x72, 0x09: 0x74, 0x08: 0x62, 0x0C: 0x66, 0x0B: 0x76]
                    let special = text.contains { letters[$0] != nil || $0 == tsv.delimiter }
                    if special {
                        for b in text {
                            if let letter = letters[b] { out += [0x5C, letter] } else if b == tsv.delimiter { out += [0x5C, b] } else { out.append(b) }
                        }
                    } else if !nullText.isEmpty && text == nullText {
                        let first = text[0]
                        out += [0x5C, 0x30 + (first >> 6), 0x30 + ((first >> 3) & 7), 0x30 + (first & 7)]
                        out += text[1...]
                    } else {
                        out.append(contentsOf: text)
                    }
                }
            }
            out.append(0x0A)
        }
        return out
    }

    /// Encodes `batches` with `encoder`, lines in pieces of at most `budget` bytes (at least one line).
    static func encode<E>(_ batches: [TypedBatch], with encoder: inout DelimitedEncoder<E>, budget: Int) -> [UInt8] {
        var out: [UInt8] = []
        for batch in batches {
            encoder.prepare(batch)
            var row = 0
            while row < batch.rowCount {
                let end = encoder.rowsFitting(from: row, budget: budget)
                #expect(end > row)
                encoder.appendRows(batch, row ..< end, to: &out)
                row = end
            }
        }
        return out
    }

    @Test("CSV lines are the canonical texts, quoted exactly when they hold the delimiter, the quote, CR or LF or equal the NULL text",
          arguments: [
              (UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\""), ""),
              (UInt8(ascii: ";"), UInt8(ascii: "'"), UInt8(ascii: "\\"), ""),
              (UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "\""), "N"),
              (UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: ":"), "0"),
              (UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\""), "true"),
          ])
    func csvMatchesReference(delimiter: UInt8, quote: UInt8, escape: UInt8, null: String) {
        var rng = SplitMix64(state: UInt64(delimiter) << 8 | UInt64(quote))
        let nullText = Array(null.utf8)
        let quoting = CSVQuoting(delimiter: delimiter, quote: quote, escape: escape, nullText: nullText)
        let batches = (0 ..< 4).map { _ in Self.randomBatch(&rng, rows: Int.random(in: 0 ..< 300, using: &rng)) }
        let expected = batches.flatMap { Self.reference($0, csv: quoting, tsv: nil, nullText: nullText) }
        for budget in [1, 100, 1 << 20] {
            var encoder = DelimitedEncoder(encoding: quoting, nullText: nullText)
            let out = Self.encode(batches, with: &encoder, budget: budget)
            #expect(out == expected, "budget \(budget)")
        }
    }

    @Test("TSV lines are the canonical texts with escapes exactly where the text format needs them", arguments: [
        (UInt8(ascii: "\t"), "\\N"), (UInt8(ascii: ","), "N"), (UInt8(ascii: ":"), ""), (UInt8(ascii: "\t"), "0"),
    ])
    func tsvMatchesReference(delimiter: UInt8, null: String) {
        var rng = SplitMix64(state: UInt64(delimiter) &+ 99)
        let nullText = Array(null.utf8)
        let escaping = TSVEscaping(delimiter: delimiter, nullText: nullText)
        let batches = (0 ..< 4).map { _ in Self.randomBatch(&rng, rows: Int.random(in: 0 ..< 300, using: &rng)) }
        let expected = batches.flatMap { Self.reference($0, csv: nil, tsv: escaping, nullText: nullText) }
        for budget in [1, 100, 1 << 20] {
            var encoder = DelimitedEncoder(encoding: escaping, nullText: nullText)
            #expect(Self.encode(batches, with: &encoder, budget: budget) == expected, "budget \(budget)")
        }
    }

    @Test("a batch of no columns writes one empty line per row")
    func noColumns() {
        var batch = TypedBatch(schema: Schema(columns: []))
        batch.lines = [1, 2, 3]
        var encoder = DelimitedEncoder(encoding: CSVQuoting(delimiter: 0x2C, quote: 0x22, escape: 0x22, nullText: []), nullText: [])
        #expect(Self.encode([batch], with: &encoder, budget: 1) == [0x0A, 0x0A, 0x0A])
    }

    @Test("a header name holding the delimiter or the quote is quoted")
    func header() {
        var encoder = DelimitedEncoder(encoding: CSVQuoting(delimiter: 0x2C, quote: 0x22, escape: 0x22, nullText: []), nullText: [])
        var out: [UInt8] = []
        encoder.appendHeader(["id", "a,b", "say \"x\"", ""], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "id,\"a,b\",\"say \"\"x\"\"\",\"\"\n")
    }
}
