package import FerryCore

/// Which column types each rule takes, and range bounds in the column's own storage.
enum CheckTyping {
    /// Converts `run`'s arguments for its column's type; the issue when the rule cannot apply.
    static func prepare(_ run: CheckRun, schema: Schema) -> RequestIssue? {
        guard let first = run.columns.first else { return nil }
        let column = schema.columns[first]
        let type = column.type
        let p = run.path
        switch run.spec.rule {
        case let .range(min, max, _, _):
            for (key, bound) in [("min", min), ("max", max)] {
                guard let bound else { continue }
                switch (type, bound) {
                case (.bigint, .number(let n)), (.double, .number(let n)), (.decimal, .number(let n)):
                    guard let x = Double(n) else { return RequestIssue(path: p.appending(key), message: "expected a number") }
                    if key == "min" { run.low = x } else { run.high = x }
                case (.date, .text(let s)):
                    guard let d = CheckBound.days(of: s) else {
                        return RequestIssue(path: p.appending(key), message: "column \"\(column.name)\" is a date: expected YYYY-MM-DD")
                    }
                    if key == "min" { run.lowInt = d } else { run.highInt = d }
                case (.timestamp, .text(let s)), (.timestamptz, .text(let s)):
                    guard let m = CheckBound.micros(of: s) else {
                        return RequestIssue(path: p.appending(key), message: "column \"\(column.name)\" is a timestamp: expected YYYY-MM-DD HH:MM:SS")
                    }
                    if key == "min" { run.lowInt = m } else { run.highInt = m }
                default:
                    return RequestIssue(path: p.appending(key),
                                        message: "column \"\(column.name)\" is \(type.name): range takes a number for number columns and a date or timestamp text for date and timestamp columns")
                }
            }
        case .freshness, .dateCoverage:
            guard type == .date || type == .timestamp || type == .timestamptz else {
                return RequestIssue(path: p.appending("column"),
                                    message: "column \"\(column.name)\" is \(type.name): rule \(run.spec.rule.kind.rawValue) needs a date or timestamp column (declare its type in columns)")
            }
        default:
            break
        }
        return nil
    }

    /// Whether non-NULL value `row` of `v` is within `run`'s bounds.
    static func inRange(_ run: CheckRun, _ v: ColumnVector, row: Int, minInclusive: Bool, maxInclusive: Bool) -> Bool {
        switch v.type {
        case .date, .timestamp, .timestamptz:
            let x = v.ints[row]
            if let low = run.lowInt, minInclusive ? x < low : x <= low { return false }
            if let high = run.highInt, maxInclusive ? x > high : x >= high { return false }
            return true
        default:
            let x: Double
            switch v.type.storage {
            case .int64: x = Double(v.ints[row])
            case .float64: x = v.doubles[row]
            case .bytes:
                guard let d = decimalValue(v, row: row) ?? Double(ValueFormatter.text(v, row: row)) else { return false }
                x = d
            }
            if x.isNaN { return false }
            if let low = run.low, minInclusive ? x < low : x <= low { return false }
            if let high = run.high, maxInclusive ? x > high : x >= high { return false }
            return true
        }
    }

    /// Powers of ten a `Double` holds exactly.
    private static let exactPowers: [Double] = (0...22).map { (0..<$0).reduce(1.0) { p, _ in p * 10 } }

    /// The value of decimal text `[-]digits[.digits]` with at most 15 digits, without making a
    /// String: the digits and the power of ten are exact doubles, so their quotient is the
    /// correctly rounded value, as `Double(String)` gives; nil for any other text.
    static func decimalValue(_ v: ColumnVector, row: Int) -> Double? {
        let start = v.start(of: row)
        let end = Int(v.ends[row])
        return v.bytes.withUnsafeBytes { decimalValue(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// `decimalValue(_:row:)` of the text `b`.
    static func decimalValue(_ b: UnsafeRawBufferPointer) -> Double? {
        let end = b.count
        var i = 0
        let negative = i < end && b[i] == 0x2D
        if negative { i += 1 }
        var mantissa: Int64 = 0
        var digits = 0
        var scale = -1
        while i < end {
            let c = b[i]
            if c == 0x2E, scale < 0 {
                scale = 0
            } else if c &- 0x30 < 10 {
                // Past 15 digits the text is Double(String)'s (and an Int64 would overflow past 18).
                digits += 1
                if digits > 15 { return nil }
                mantissa = mantissa * 10 + Int64(c &- 0x30)
                if scale >= 0 { scale += 1 }
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        let value = Double(mantissa) / exactPowers[max(scale, 0)]
        return negative ? -value : value
    }

    /// `a / b` rounded toward negative infinity (days before 1970 are negative).
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
