/// Canonical text of typed values, shared by every text-based writer (SQLite text columns,
/// CSV/TSV/JSON Lines targets), so a value looks the same wherever it lands.
///
/// - date: `YYYY-MM-DD`
/// - timestamp: `YYYY-MM-DD HH:MM:SS[.ffffff]`, fraction without trailing zeros (as PostgreSQL prints)
/// - timestamptz: the same in UTC, followed by `Z`
/// - boolean: `true` / `false`
/// - double: the shortest text that reads back as the same double
/// - bigint: decimal digits; bytes types: their canonical bytes as stored
package enum ValueFormatter {
    /// Appends the canonical text of non-NULL value `row` of `vector`.
    @inline(__always)
    package static func append(_ vector: ColumnVector, row: Int, to out: inout [UInt8]) {
        switch vector.type {
        case .bigint: appendInt(vector.ints[row], to: &out)
        case .boolean: out.append(contentsOf: vector.ints[row] != 0 ? trueBytes : falseBytes)
        case .date: appendDate(days: vector.ints[row], to: &out)
        case .timestamp: appendTimestamp(micros: vector.ints[row], utcSuffix: false, to: &out)
        case .timestamptz: appendTimestamp(micros: vector.ints[row], utcSuffix: true, to: &out)
        case .double: out.append(contentsOf: doubleText(vector.doubles[row]).utf8)
        case .decimal, .uuid, .json, .text:
            let start = vector.start(of: row)
            let end = Int(vector.ends[row])
            vector.bytes.withUnsafeBufferPointer { out.append(contentsOf: $0[start..<end]) }
        }
    }

    /// The canonical text of non-NULL value `row` of `vector`.
    package static func text(_ vector: ColumnVector, row: Int) -> String {
        var out: [UInt8] = []
        append(vector, row: row, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)

    /// Shortest round-trip text; `NaN`, `Infinity` and `-Infinity` for non-finite values.
    package static func doubleText(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == d.rounded(), abs(d) < 1e15, !(d == 0 && d.sign == .minus) { return String(Int64(d)) }
        return String(d)
    }

    @inline(__always)
    package static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value == .min { out.append(contentsOf: "-9223372036854775808".utf8); return }
        var v = value
        if v < 0 { out.append(0x2D); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            repeat {
                buf[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            } while v > 0
            while n > 0 { n -= 1; out.append(buf[n]) }
        }
    }

    @inline(__always)
    package static func appendDate(days: Int64, to out: inout [UInt8]) {
        let (y, m, d) = CivilDate.fromDays(Int(days))
        CivilDate.appendDate(year: y, month: m, day: d, to: &out)
    }

    @inline(__always)
    package static func appendTimestamp(micros: Int64, utcSuffix: Bool, to out: inout [UInt8]) {
        let perDay: Int64 = 86_400_000_000
        let days = micros.floorDiv(perDay)
        var rest = micros - days * perDay
        appendDate(days: days, to: &out)
        out.append(0x20)
        let hour = rest / 3_600_000_000; rest -= hour * 3_600_000_000
        let minute = rest / 60_000_000; rest -= minute * 60_000_000
        let second = rest / 1_000_000; rest -= second * 1_000_000
        CivilDate.appendTwoDigits(Int(hour), to: &out)
        out.append(0x3A)
        CivilDate.appendTwoDigits(Int(minute), to: &out)
        out.append(0x3A)
        CivilDate.appendTwoDigits(Int(second), to: &out)
        if rest > 0 {
            out.append(0x2E)
            var frac = rest
            var width = 6
            while frac % 10 == 0 { frac /= 10; width -= 1 }
            var div: Int64 = 1
            for _ in 1..<width { div *= 10 }
            while div > 0 { out.append(UInt8(48 + frac / div % 10)); div /= 10 }
        }
        if utcSuffix { out.append(0x5A) }
    }
}
