import FerryCore

/// Renders the current row of a statement into a `RawBatch`: canonical field texts, plus a CSV
/// copy of the row as its record.
///
/// Field texts: INTEGER as digits (`true`/`false` for 0/1 in a boolean column); REAL as the
/// shortest round-trip text (`ValueFormatter.doubleText`; in a decimal column without an
/// exponent); TEXT as stored; BLOB as `\x` and lowercase hex; NULL as length -1. A field's span
/// points into the record, except for text that needed quoting there, which is copied after it.
struct SQLiteRowRenderer {
    /// How a column's INTEGER and REAL values are rendered.
    private enum Style {
        case plain, boolean, decimal
    }

    private let styles: [Style]
    private static let hexDigits = Array("0123456789abcdef".utf8)

    init(types: [ColumnType?]) {
        styles = types.map { type in
            switch type {
            case .boolean?: .boolean
            case .decimal?: .decimal
            default: .plain
            }
        }
    }

    /// Appends the statement's current row as row `line` of `batch`.
    func append(_ statement: SQLiteStatement, line: Int, to batch: inout RawBatch) {
        let recordStart = batch.storage.count
        let firstField = batch.fieldStart.count
        var quotedFields = 0
        for column in 0..<styles.count {
            if column > 0 { batch.storage.append(0x2C) }
            let start = batch.storage.count
            switch statement.kind(column) {
            case .null:
                batch.appendField(start: start, length: -1)
                continue
            case .integer:
                let value = statement.int64(column)
                if styles[column] == .boolean, value == 0 || value == 1 {
                    batch.storage.append(contentsOf: value == 1 ? Self.trueText : Self.falseText)
                } else {
                    ValueFormatter.appendInt(value, to: &batch.storage)
                }
            case .real:
                let text = ValueFormatter.doubleText(statement.double(column))
                batch.storage.append(contentsOf: styles[column] == .decimal ? Self.plainDecimal(text).utf8 : text.utf8)
            case .blob:
                let blob = statement.blob(column)
                batch.storage.append(0x5C)
                batch.storage.append(0x78)
                for byte in blob {
                    batch.storage.append(Self.hexDigits[Int(byte >> 4)])
                    batch.storage.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            case .text:
                let text = statement.text(column)
                if Self.needsQuotes(text) {
                    Self.appendQuoted(text, to: &batch.storage)
                    batch.appendField(start: 0, length: -2)  // span set once the record is complete
                    quotedFields += 1
                    continue
                }
                batch.storage.append(contentsOf: text)
            }
            batch.appendField(start: start, length: batch.storage.count - start)
        }
        let recordEnd = batch.storage.count
        if quotedFields > 0 {
            // The record holds these fields quoted; give each an unquoted copy after it. The
            // statement's text pointers stay valid until the next step.
            for column in 0..<styles.count where batch.fieldLength[firstField + column] == -2 {
                let text = statement.text(column)
                batch.fieldStart[firstField + column] = Int32(truncatingIfNeeded: batch.storage.count)
                batch.fieldLength[firstField + column] = Int32(truncatingIfNeeded: text.count)
                batch.storage.append(contentsOf: text)
            }
        }
        batch.endRow(line: line, recordStart: recordStart, recordEnd: recordEnd)
    }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)

    /// Whether a CSV record must quote the text: it is empty (to tell it from NULL) or holds a
    /// comma, a double quote or a line break.
    @inline(__always)
    private static func needsQuotes(_ text: UnsafeRawBufferPointer) -> Bool {
        if text.isEmpty { return true }
        for byte in text where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            return true
        }
        return false
    }

    private static func appendQuoted(_ text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(0x22)
        for byte in text {
            if byte == 0x22 { out.append(0x22) }
            out.append(byte)
        }
        out.append(0x22)
    }

    /// `1e+20` → `100000000000000000000`, `1.5e-07` → `0.00000015`: a double's shortest text
    /// without an exponent, as a decimal column's value. Texts without an exponent are returned
    /// as they are.
    static func plainDecimal(_ text: String) -> String {
        let utf8 = Array(text.utf8)
        guard let e = utf8.firstIndex(where: { $0 == 0x65 || $0 == 0x45 }),
              let exponent = Int(String(decoding: utf8[(e + 1)...], as: UTF8.self)) else { return text }
        let negative = utf8.first == 0x2D
        let mantissa = utf8[(negative ? 1 : 0)..<e]
        let dot = mantissa.firstIndex(of: 0x2E)
        let integerDigits = (dot ?? mantissa.endIndex) - mantissa.startIndex
        var digits = Array(mantissa.filter { $0 != 0x2E })
        var point = integerDigits + exponent  // position of the decimal point in `digits`
        while digits.count > 1, digits.first == 0x30, point > 1 { digits.removeFirst(); point -= 1 }
        var out: [UInt8] = negative ? [0x2D] : []
        if point <= 0 {
            out += [0x30, 0x2E] + Array(repeating: 0x30, count: -point) + digits
        } else if point >= digits.count {
            out += digits + Array(repeating: 0x30, count: point - digits.count)
        } else {
            out += digits[..<point] + [0x2E] + digits[point...]
        }
        while out.contains(0x2E), out.last == 0x30 { out.removeLast() }
        if out.last == 0x2E { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}
