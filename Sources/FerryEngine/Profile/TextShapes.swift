package import FerryCore

/// Date and postal-code shapes `ferry inspect` detects in text columns (ISO dates that Ferry
/// types itself never reach a text column unless one is declared `text`), each with the regular
/// expression a suggested `regex` check uses (FerryChecks' linear-time syntax).
package enum TextShapes {
    /// The probes, most specific first.
    package static let probes: [FormatProbe] = [
        FormatProbe(name: "date YYYY-MM-DD", rule: .regex(pattern: #"^\d{4}-\d{2}-\d{2}$"#)) { date($0, order: .ymd, separator: 0x2D) },
        FormatProbe(name: "date YYYY/MM/DD", rule: .regex(pattern: #"^\d{4}/\d{2}/\d{2}$"#)) { date($0, order: .ymd, separator: 0x2F) },
        FormatProbe(name: "date DD.MM.YYYY", rule: .regex(pattern: #"^\d{2}\.\d{2}\.\d{4}$"#)) { date($0, order: .dmy, separator: 0x2E) },
        FormatProbe(name: "date DD/MM/YYYY", rule: .regex(pattern: #"^\d{2}/\d{2}/\d{4}$"#)) { date($0, order: .dmy, separator: 0x2F) },
        FormatProbe(name: "date MM/DD/YYYY", rule: .regex(pattern: #"^\d{2}/\d{2}/\d{4}$"#)) { date($0, order: .mdy, separator: 0x2F) },
        FormatProbe(name: "date DD-MM-YYYY", rule: .regex(pattern: #"^\d{2}-\d{2}-\d{4}$"#)) { date($0, order: .dmy, separator: 0x2D) },
        FormatProbe(name: "phone", rule: .regex(pattern: #"^\+?[0-9][0-9 ()./-]{5,22}[0-9]$"#)) { phone($0) && !dated($0) },
        FormatProbe(name: "postal_code", rule: .regex(pattern: postalPattern)) { postal($0) },
    ]

    /// US ZIP (`12345`, `12345-6789`), four or five digits (most of Europe), Dutch `1234 AB`,
    /// Canadian `A1A 1A1` and British `SW1A 1AA` shapes.
    package static let postalPattern = #"^(\d{4,5}|\d{5}-\d{4}|\d{4} ?[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z0-9]? ?\d[A-Z]{2})$"#

    enum Order { case ymd, dmy, mdy }

    private static func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func upper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }

    private static func number(_ v: UnsafeRawBufferPointer, _ from: Int, _ count: Int) -> Int? {
        var n = 0
        for i in from..<from + count {
            guard digit(v[i]) else { return nil }
            n = n * 10 + Int(v[i] - 0x30)
        }
        return n
    }

    /// A valid calendar day written with two-digit day and month and a four-digit year.
    static func date(_ v: UnsafeRawBufferPointer, order: Order, separator: UInt8) -> Bool {
        guard v.count == 10 else { return false }
        let y: Int?, m: Int?, d: Int?
        switch order {
        case .ymd:
            guard v[4] == separator, v[7] == separator else { return false }
            (y, m, d) = (number(v, 0, 4), number(v, 5, 2), number(v, 8, 2))
        case .dmy, .mdy:
            guard v[2] == separator, v[5] == separator else { return false }
            let a = number(v, 0, 2), b = number(v, 3, 2)
            (y, m, d) = (number(v, 6, 4), order == .dmy ? b : a, order == .dmy ? a : b)
        }
        guard let y, let m, let d, (1...12).contains(m), d >= 1 else { return false }
        return d <= CivilDate.daysInMonth(year: y, month: m)
    }

    /// An optional `+`, then 7 to 15 digits with spaces, dots, dashes, slashes or parentheses
    /// between them, starting and ending with a digit, and not a date.
    static func phone(_ v: UnsafeRawBufferPointer) -> Bool {
        guard v.count >= 7, v.count <= (v[0] == 0x2B ? 25 : 24) else { return false }
        var i = v[0] == 0x2B ? 1 : 0
        guard i < v.count, digit(v[i]), digit(v[v.count - 1]) else { return false }
        var digits = 0
        var separators = 0
        while i < v.count {
            let c = v[i]
            if digit(c) { digits += 1 } else if c == 0x20 || c == 0x2E || c == 0x2D || c == 0x2F || c == 0x28 || c == 0x29 {
                separators += 1
            } else {
                return false
            }
            i += 1
        }
        // Plain digit runs are numbers (Ferry types them as bigint); a phone column in a text
        // column has a `+` or separators.
        return digits >= 7 && digits <= 15 && (separators > 0 || v[0] == 0x2B)
    }

    /// Whether `v` is a valid day in one of the date shapes (a phone probe must not claim it).
    static func dated(_ v: UnsafeRawBufferPointer) -> Bool {
        date(v, order: .ymd, separator: 0x2D) || date(v, order: .ymd, separator: 0x2F) || date(v, order: .dmy, separator: 0x2E)
            || date(v, order: .dmy, separator: 0x2F) || date(v, order: .mdy, separator: 0x2F) || date(v, order: .dmy, separator: 0x2D)
    }

    /// One of the shapes of `postalPattern`.
    static func postal(_ v: UnsafeRawBufferPointer) -> Bool {
        let n = v.count
        guard n >= 4, n <= 10 else { return false }
        let all = (0..<n).allSatisfy { digit(v[$0]) }
        if all { return n == 4 || n == 5 }
        if n == 10, (0..<5).allSatisfy({ digit(v[$0]) }), v[5] == 0x2D, (6..<10).allSatisfy({ digit(v[$0]) }) { return true }
        // Dutch: 4 digits, optional space, 2 letters.
        if (0..<4).allSatisfy({ digit(v[$0]) }) {
            let rest = n == 7 && v[4] == 0x20 ? 5 : 4
            return n - rest == 2 && upper(v[rest]) && upper(v[rest + 1])
        }
        // The inward code of Canadian and British codes: digit letter letter / digit letter digit.
        let compact: [UInt8] = (0..<n).compactMap { v[$0] == 0x20 ? nil : v[$0] }
        guard compact.count == n || (compact.count == n - 1 && v[n - 4] == 0x20) else { return false }
        let c = compact
        if c.count == 6, upper(c[0]), digit(c[1]), upper(c[2]), digit(c[3]), upper(c[4]), digit(c[5]) { return true }
        guard c.count >= 5, c.count <= 7, digit(c[c.count - 3]), upper(c[c.count - 2]), upper(c[c.count - 1]) else { return false }
        let outward = c[0..<(c.count - 3)]
        var k = outward.startIndex
        var letters = 0
        while k < outward.endIndex, upper(outward[k]) { letters += 1; k += 1 }
        guard (1...2).contains(letters), k < outward.endIndex, digit(outward[k]) else { return false }
        k += 1
        if k < outward.endIndex { guard upper(outward[k]) || digit(outward[k]) else { return false }; k += 1 }
        return k == outward.endIndex
    }
}
