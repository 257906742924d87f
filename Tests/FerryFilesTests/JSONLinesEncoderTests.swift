import FerryCore
@testable import FerryFiles
import Testing

/// The column-at-a-time JSON Lines encoder against its rule written value by value: numbers and
/// booleans bare, NaN and infinities and non-JSON-number decimals as strings, json embedded, every
/// other type a JSON string of `ValueFormatter`'s text, NULL as `null`.
@Suite("JSON Lines encoder")
struct JSONLinesEncoderTests {
    static func reference(_ batch: TypedBatch, names: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for row in 0 ..< batch.rowCount {
            for (c, column) in batch.columns.enumerated() {
                out.append(c == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
                JSONValue.writeString(names[c], into: &out)
                out.append(UInt8(ascii: ":"))
                if column.isNull[row] {
                    out += Array("null".utf8)
                    continue
                }
                let text = Array(ValueFormatter.text(column, row: row).utf8)
                let bare: Bool = switch column.type {
                case .bigint, .boolean, .json: true
                case .double: column.doubles[row].isFinite
                case .decimal: JSONLinesEncoder.isJSONNumber(text[...])
                default: false
                }
                if bare {
                    out += text
                } else {
                    out.append(0x22)
                    JSONLinesEncoder.appendEscaped(text, to: &out)
                    out.append(0x22)
                }
            }
            out += Array("}\n".utf8)
        }
        return out
    }

    @Test("random batches of every type give the value-by-value bytes, whatever the pieces", arguments: [1, 7, 4096])
    func matchesReference(piece: Int) {
        var rng = SplitMix64(state: 21)
        let names = DelimitedEncoderTests.schema.columns.map(\.name)
        var encoder = JSONLinesEncoder(names: names)
        for rows in [0, 1, 5, 300, 5000] {
            let batch = DelimitedEncoderTests.randomBatch(&rng, rows: rows)
            var out: [UInt8] = []
            var row = 0
            while row < rows {
                let end = min(row + piece, rows)
                encoder.appendRows(batch, row ..< end, to: &out)
                row = end
            }
            #expect(out == Self.reference(batch, names: names), "\(rows) rows")
        }
    }
}

/// `Int64ColumnTexts` writes `ValueFormatter`'s texts to the byte, in and out of years 1 to 9999.
@Suite("Int64 column texts")
struct Int64ColumnTextsTests {
    @Test("extreme and random values of every int64-stored type", arguments: [ColumnType.bigint, .boolean, .date, .timestamp, .timestamptz])
    func matchesValueFormatter(type: ColumnType) {
        var rng = SplitMix64(state: 7)
        var vector = ColumnVector(type: type)
        let extremes: [Int64] = [0, 1, -1, .min, .max, .min + 1, -719_162, -719_163, 2_932_896, 2_932_897,
                                 -62_135_596_800_000_000, -62_135_596_800_000_001, 253_402_300_799_999_999, 253_402_300_800_000_000,
                                 -86_400_000_000, -1_000_000, 999_999, 1_700_000_000_123_000]
        // ValueFormatter's own arithmetic overflows near the ends of Int64 for days and
        // timestamps (no source makes such values): those stay within a safe span.
        let span: ClosedRange<Int64> = switch type {
        case .date: -1_000_000_000 ... 1_000_000_000
        case .timestamp, .timestamptz: -9_000_000_000_000_000_000 ... 9_000_000_000_000_000_000
        default: .min ... .max
        }
        for value in extremes where span.contains(value) {
            vector.append(int: type == .boolean ? value & 1 : value)
            vector.appendNull()
        }
        for _ in 0 ..< 20_000 {
            let value: Int64 = switch Int.random(in: 0 ..< 3, using: &rng) {
            case 0: Int64.random(in: span, using: &rng)
            case 1: Int64.random(in: -719_162 ... 2_932_896, using: &rng)
            default: type == .date ? Int64.random(in: span, using: &rng)
                : Int64.random(in: -62_135_596_800_000_000 ... 253_402_300_799_999_999, using: &rng)
            }
            vector.append(int: type == .boolean ? value & 1 : value)
        }
        var texts = Int64ColumnTexts()
        var bytes: [UInt8] = [0x41]
        var ends: [Int32] = []
        texts.append(vector, to: &bytes, ends: &ends)
        #expect(ends.count == vector.count)
        var previous = 1
        for row in 0 ..< vector.count {
            let text = Array(bytes[previous ..< Int(ends[row])])
            previous = Int(ends[row])
            let expected = vector.isNull[row] ? [] : Array(ValueFormatter.text(vector, row: row).utf8)
            if text != expected {
                Issue.record("\(type) \(vector.ints[row]): \(String(decoding: text, as: UTF8.self)) != \(String(decoding: expected, as: UTF8.self))")
                return
            }
        }
        #expect(previous == bytes.count)
    }
}
