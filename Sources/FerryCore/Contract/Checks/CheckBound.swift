/// A bound of a `range` check: a number, or a date or timestamp written as text.
package enum CheckBound: Sendable, Equatable {
    case number(String)
    case text(String)

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> CheckBound? {
        switch v {
        case let .number(n): return .number(n)
        case let .string(s):
            if Double(s) != nil { return .number(s) }
            guard days(of: s) != nil || micros(of: s) != nil else {
                issues.report(p, "expected a number, a date YYYY-MM-DD or a timestamp YYYY-MM-DD HH:MM:SS")
                return nil
            }
            return .text(s)
        default:
            issues.report(p, "expected a number, a date or a timestamp, found \(v.typeName)")
            return nil
        }
    }

    var json: JSONValue {
        switch self {
        case let .number(n): .number(n)
        case let .text(s): .string(s)
        }
    }

    /// Days since 1970-01-01 of `YYYY-MM-DD`, or nil.
    package static func days(of text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D,
              let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2),
              (1...12).contains(m), d >= 1, d <= CivilDate.daysInMonth(year: y, month: m) else { return nil }
        return Int64(CivilDate.days(year: y, month: m, day: d))
    }

    /// Microseconds since 1970-01-01 00:00:00 of `YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]][Z]` (a date alone
    /// is its midnight), or nil.
    package static func micros(of text: String) -> Int64? {
        var b = Array(text.utf8)
        if b.last == 0x5A { b.removeLast() }
        guard b.count >= 10, let day = days(of: String(decoding: b[0..<10], as: UTF8.self)) else { return nil }
        var micros = day * 86_400_000_000
        if b.count == 10 { return micros }
        guard b.count >= 16, b[10] == 0x20 || b[10] == 0x54, b[13] == 0x3A,
              let h = digits(b, 11, 2), let mi = digits(b, 14, 2), h < 24, mi < 60 else { return nil }
        var seconds = 0
        var fraction: Int64 = 0
        if b.count > 16 {
            guard b.count >= 19, b[16] == 0x3A, let s = digits(b, 17, 2), s < 60 else { return nil }
            seconds = s
            if b.count > 19 {
                guard b[19] == 0x2E, b.count > 20, b.count <= 26, let f = digits(b, 20, b.count - 20) else { return nil }
                fraction = Int64(f)
                for _ in 0..<(26 - b.count) { fraction *= 10 }
            }
        }
        micros += Int64(h * 3600 + mi * 60 + seconds) * 1_000_000 + fraction
        return micros
    }

    private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var n = 0
        for i in start..<start + count {
            guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
            n = n * 10 + Int(b[i] - 0x30)
        }
        return n
    }
}
