import FerryCore

/// Column-wise passes of the row rules: one loop per batch over a column's typed storage (its
/// integers, doubles, or the bytes of its texts in place), instead of a dispatch on the rule and
/// a copy of the value's text per row. They give the rows `CheckSuite.judge` would fail, in the
/// same order; a rule or column type without a pass here is judged row by row.
enum RowRuleScan {
    /// The rows among the first `rows` of `v` that fail `run`'s row rule, ascending; nil when
    /// there is no column-wise pass for this rule and column type.
    static func failing(_ run: CheckRun, _ v: ColumnVector, rows: Int) -> [Int]? {
        switch run.spec.rule {
        case .notNull:
            return v.isNull.withUnsafeBufferPointer { isNull in
                var out: [Int] = []
                for row in 0..<rows where isNull[row] { out.append(row) }
                return out
            }
        case let .range(_, _, minInclusive, maxInclusive):
            switch v.type {
            case .date, .timestamp, .timestamptz:
                return ints(v, rows: rows) { x in
                    Self.within(x, run.lowInt, run.highInt, minInclusive, maxInclusive)
                }
            case .bigint:
                // As `CheckTyping.inRange`: an integer is compared as a Double.
                return ints(v, rows: rows) { x in
                    Self.within(Double(x), run.low, run.high, minInclusive, maxInclusive)
                }
            case .double:
                return doubles(v, rows: rows) { x in
                    !x.isNaN && Self.within(x, run.low, run.high, minInclusive, maxInclusive)
                }
            case .decimal:
                // As `CheckTyping.inRange`: the digits read in place, `Double(String)` past 15.
                return texts(v, rows: rows) { text in
                    guard let x = CheckTyping.decimalValue(text) ?? Double(String(decoding: text, as: UTF8.self)) else { return false }
                    return !x.isNaN && Self.within(x, run.low, run.high, minInclusive, maxInclusive)
                }
            default:
                return nil
            }
        case .inSet where v.type == .boolean:
            let acceptsTrue = run.acceptsTrue
            let acceptsFalse = run.acceptsFalse
            return ints(v, rows: rows) { x in x != 0 ? acceptsTrue : acceptsFalse }
        case .regex where v.type.storage == .bytes:
            // The matcher leaves the run while it works, so its DFA cache is not copied.
            guard var regex = run.regex else { return nil }
            run.regex = nil
            defer { run.regex = regex }
            return texts(v, rows: rows) { text in regex.matches(text) }
        case let .length(min, max) where v.type.storage == .bytes:
            let low = min ?? 0
            let high = max ?? Int.max
            return texts(v, rows: rows) { text in
                // A value has at most as many characters as bytes: a short one needs no counting.
                if text.count <= high && low == 0 { return true }
                if text.count < low { return false }
                var n = 0
                for b in text where b & 0xC0 != 0x80 { n += 1 }
                return n >= low && n <= high
            }
        case let .format(format) where v.type.storage == .bytes:
            // A uuid column holds canonical UUIDs (lowercase, 8-4-4-4-12) only.
            if format == .uuid && v.type == .uuid { return [] }
            return texts(v, rows: rows) { text in ValueFormat.matches(format, text) }
        default:
            return nil
        }
    }

    /// Whether `x` is within the bounds (each optional, inclusive or not).
    @inline(__always)
    private static func within<T: Comparable>(_ x: T, _ low: T?, _ high: T?, _ minInclusive: Bool, _ maxInclusive: Bool) -> Bool {
        if let low, minInclusive ? x < low : x <= low { return false }
        if let high, maxInclusive ? x > high : x >= high { return false }
        return true
    }

    /// The non-NULL rows whose integer `passes` refuses.
    @inline(__always)
    private static func ints(_ v: ColumnVector, rows: Int, _ passes: (Int64) -> Bool) -> [Int] {
        values(v.ints, v, rows: rows, passes)
    }

    /// The non-NULL rows whose double `passes` refuses.
    @inline(__always)
    private static func doubles(_ v: ColumnVector, rows: Int, _ passes: (Double) -> Bool) -> [Int] {
        values(v.doubles, v, rows: rows, passes)
    }

    /// The non-NULL rows of `v` whose value in `storage` (its integers or doubles) `passes` refuses.
    @inline(__always)
    private static func values<T>(_ storage: [T], _ v: ColumnVector, rows: Int, _ passes: (T) -> Bool) -> [Int] {
        var out: [Int] = []
        v.isNull.withUnsafeBufferPointer { isNull in
            storage.withUnsafeBufferPointer { values in
                for row in 0..<rows where !isNull[row] && !passes(values[row]) { out.append(row) }
            }
        }
        return out
    }

    /// The non-NULL rows whose text (the column's bytes, read in place) `passes` refuses.
    @inline(__always)
    private static func texts(_ v: ColumnVector, rows: Int, _ passes: (UnsafeRawBufferPointer) -> Bool) -> [Int] {
        var out: [Int] = []
        v.isNull.withUnsafeBufferPointer { isNull in
            v.ends.withUnsafeBufferPointer { ends in
                v.bytes.withUnsafeBytes { bytes in
                    var start = 0
                    for row in 0..<rows {
                        let end = Int(ends[row])
                        defer { start = end }
                        if isNull[row] { continue }
                        if !passes(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) { out.append(row) }
                    }
                }
            }
        }
        return out
    }
}
