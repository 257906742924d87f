import FerryCore

/// Writes rows as JSON Lines with typed values: bigint, double and decimal as JSON numbers (NaN
/// and ±Infinity as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`), boolean as `true`/`false`,
/// json columns embedded as their JSON text, NULL as `null`, and every other type as a string of
/// its canonical text.
struct JSONLinesEncoder {
    /// `{"name":` for the first column and `,"name":` for the others.
    private let keys: [[UInt8]]

    init(names: [String]) {
        var keys: [[UInt8]] = []
        for (index, name) in names.enumerated() {
            var key: [UInt8] = [index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            JSONValue.writeString(name, into: &key)
            key.append(UInt8(ascii: ":"))
            keys.append(key)
        }
        self.keys = keys
    }

    /// Appends row `row` of `batch` and its line end.
    func appendRow(_ batch: TypedBatch, row: Int, to out: inout [UInt8]) {
        if keys.isEmpty { out.append(contentsOf: "{}\n".utf8); return }
        var column = 0
        while column < batch.columns.count && column < keys.count {
            out.append(contentsOf: keys[column])
            let vector = batch.columns[column]
            if vector.isNull[row] {
                out.append(contentsOf: "null".utf8)
            } else {
                switch vector.type {
                case .bigint, .boolean:
                    ValueFormatter.append(vector, row: row, to: &out)
                case .double:
                    let d = vector.doubles[row]
                    if d.isFinite {
                        ValueFormatter.append(vector, row: row, to: &out)
                    } else {
                        appendString(of: vector, row: row, to: &out)
                    }
                case .decimal:
                    let start = out.count
                    ValueFormatter.append(vector, row: row, to: &out)
                    if !JSONLinesEncoder.isJSONNumber(out[start...]) {
                        out.removeSubrange(start...)
                        appendString(of: vector, row: row, to: &out)
                    }
                case .json:
                    ValueFormatter.append(vector, row: row, to: &out)
                case .date, .timestamp, .timestamptz, .uuid, .text:
                    appendString(of: vector, row: row, to: &out)
                }
            }
            column += 1
        }
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends the canonical text of a value as a JSON string literal.
    private func appendString(of vector: ColumnVector, row: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let textStart = out.count
        ValueFormatter.append(vector, row: row, to: &out)
        var needsEscape = false
        var k = textStart
        while k < out.count {
            let c = out[k]
            if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F { needsEscape = true; break }
            k += 1
        }
        if needsEscape {
            let text = Array(out[textStart...])
            out.removeSubrange(textStart...)
            JSONLinesEncoder.appendEscaped(text, to: &out)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends UTF-8 `text` with JSON string escapes (quote, backslash, control characters).
    static func appendEscaped(_ text: [UInt8], to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for c in text {
            switch c {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]])
            default: out.append(c)
            }
        }
    }

    /// Whether `bytes` is a JSON number of the canonical decimal form `-?digits(.digits)?`
    /// without leading zeros.
    static func isJSONNumber(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        if i < bytes.endIndex && bytes[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        while i < bytes.endIndex && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
        let intDigits = i - intStart
        guard intDigits > 0, intDigits == 1 || bytes[intStart] != 0x30 else { return false }
        if i == bytes.endIndex { return true }
        guard bytes[i] == UInt8(ascii: ".") else { return false }
        i += 1
        let fracStart = i
        while i < bytes.endIndex && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
        return i > fracStart && i == bytes.endIndex
    }
}
