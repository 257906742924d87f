import FerryCore
import FerryFiles

/// Turns decoded Parquet values into Ferry's canonical texts (`ValueFormatter`'s forms): the
/// texts the typed load parses back into the declared `ColumnType`.
enum ParquetTextRenderer {
    /// Why a value has no text.
    struct Failure: Error {
        var reason: String
    }

    /// Appends the text of value `i` of `values` (decoded for `column`) to `out`.
    @inline(__always)
    static func append(_ values: ParquetPhysicalValues, _ i: Int, _ column: ParquetLeafColumn, to out: inout [UInt8]) throws(Failure) {
        let w = column.width
        switch column.rendering {
        case .boolean:
            out.append(contentsOf: values.data[i] != 0 ? trueText : falseText)
        case .signed:
            ValueFormatter.appendInt(integer(values.data, at: i * w, width: w, signed: true), to: &out)
        case .unsigned:
            if w == 4 {
                ValueFormatter.appendInt(integer(values.data, at: i * 4, width: 4, signed: false), to: &out)
            } else {
                let v = UInt64(bitPattern: integer(values.data, at: i * 8, width: 8, signed: true))
                if v <= UInt64(Int64.max) { ValueFormatter.appendInt(Int64(v), to: &out) } else { out.append(contentsOf: String(v).utf8) }
            }
        case .float, .double:
            out.append(contentsOf: ValueFormatter.doubleText(storedDouble(values, i, column)).utf8)
        case .date:
            ValueFormatter.appendDate(days: try stored(values, i, column), to: &out)
        case let .timestamp(_, utc):
            ValueFormatter.appendTimestamp(micros: try stored(values, i, column), utcSuffix: utc, to: &out)
        case .int96:
            ValueFormatter.appendTimestamp(micros: try stored(values, i, column), utcSuffix: false, to: &out)
        case let .decimal(scale):
            if column.physical == .byteArray {
                let start = values.offsets[i], end = values.offsets[i + 1]
                try ParquetDecimalText.append(bigEndian: values.data[start..<end], scale: scale, to: &out)
            } else if column.physical == .fixedLenByteArray {
                try ParquetDecimalText.append(bigEndian: values.data[i * w..<(i + 1) * w], scale: scale, to: &out)
            } else {
                ParquetDecimalText.append(integer(values.data, at: i * w, width: w, signed: true), scale: scale, to: &out)
            }
        case let .time(unit):
            let raw = integer(values.data, at: i * w, width: w, signed: true)
            appendTime(try Self.micros(raw, unit), to: &out)
        case .text:
            let (start, end) = bounds(values, i, w, column.physical)
            let valid = values.data.withUnsafeBufferPointer { p in
                end == start || UTF8Scan.isValid(p.baseAddress! + start, count: end - start)
            }
            guard valid else { throw Failure(reason: "text that is not valid UTF-8") }
            out.append(contentsOf: values.data[start..<end])
        case .uuid:
            for k in 0..<16 {
                if k == 4 || k == 6 || k == 8 || k == 10 { out.append(0x2D) }
                let b = values.data[i * 16 + k]
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0x0F)])
            }
        case .hex:
            let (start, end) = bounds(values, i, w, column.physical)
            out.append(0x5C)
            out.append(0x78)
            for k in start..<end {
                let b = values.data[k]
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0x0F)])
            }
        }
    }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Where value `i`'s bytes are: a byte array's span, or a fixed-width value's.
    @inline(__always)
    private static func bounds(_ values: ParquetPhysicalValues, _ i: Int, _ w: Int, _ physical: ParquetLeafColumn.Physical) -> (Int, Int) {
        physical == .byteArray ? (values.offsets[i], values.offsets[i + 1]) : (i * w, (i + 1) * w)
    }

    /// The little-endian integer of `width` (4 or 8) bytes at `offset`, sign- or zero-extended.
    @inline(__always)
    static func integer(_ data: [UInt8], at offset: Int, width: Int, signed: Bool) -> Int64 {
        precondition(offset >= 0 && offset + width <= data.count)
        return data.withUnsafeBytes { raw in
            if width == 4 {
                let v = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                return signed ? Int64(Int32(bitPattern: v)) : Int64(v)
            }
            return Int64(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        }
    }

    /// A count of `unit` as microseconds; nanoseconds are truncated toward the past (Ferry's
    /// timestamps hold microseconds).
    @inline(__always)
    static func micros(_ value: Int64, _ unit: ParquetLogicalType.TimeUnit) throws(Failure) -> Int64 {
        switch unit {
        case .micros: return value
        case .nanos: return floorDiv(value, 1000)
        case .millis:
            let (m, overflow) = value.multipliedReportingOverflow(by: 1000)
            guard !overflow else { throw Failure(reason: "a millisecond timestamp out of range") }
            return m
        }
    }

    /// Days since 1970-01-01 of 0001-01-01 and of 9999-12-31: the dates Ferry's texts hold.
    static let minDay: Int64 = -719_162
    static let maxDay: Int64 = 2_932_896

    /// Division rounding toward negative infinity, by a positive `d`.
    @inline(__always)
    static func floorDiv(_ v: Int64, _ d: Int64) -> Int64 {
        let q = v / d
        return v % d != 0 && v < 0 ? q - 1 : q
    }

    /// `HH:MM:SS[.ffffff]` of microseconds since midnight.
    private static func appendTime(_ micros: Int64, to out: inout [UInt8]) {
        var text: [UInt8] = []
        let day: Int64 = 86_400_000_000
        ValueFormatter.appendTimestamp(micros: micros - floorDiv(micros, day) * day, utcSuffix: false, to: &text)
        // Drop the date `1970-01-01 `.
        out.append(contentsOf: text[11...])
    }
}
