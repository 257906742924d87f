package import FerryCore

/// Checks the profiled data passes, for `ferry inspect --suggest-checks` (what Great Expectations'
/// profiler and Soda's automated monitoring propose), as a start to edit:
/// - `row_count` with `min: 1`;
/// - `not_null` where no value is NULL;
/// - `in_set` for text and bigint columns of at most `inSetLimit` distinct values that repeat
///   (at least `inSetRepeats` rows per value), with exactly those values;
/// - `unique` where every value is distinct (proven, not estimated) and there are two or more;
/// - `range` from the smallest to the largest value for numbers, dates and timestamps;
/// - `format` (or a `regex` for date and postal-code shapes) where every value of a text column
///   has one of the detected formats.
/// Every suggestion is an `error` check (the default severity).
package enum CheckSuggester {
    package static let inSetLimit = 12
    package static let inSetRepeats = 3

    package static func suggest(rows: Int, columns: [ColumnFindings]) -> [CheckSpec] {
        var out: [CheckSpec] = []
        if rows > 0 { out.append(CheckSpec(name: "row_count", rule: .rowCount(min: 1, max: nil), columns: [])) }
        for c in columns where c.profile.count > 0 {
            out += suggest(c)
        }
        return out
    }

    /// The checks for one column.
    package static func suggest(_ c: ColumnFindings) -> [CheckSpec] {
        var out: [CheckSpec] = []
        func add(_ rule: CheckRule) {
            out.append(CheckSpec(name: "\(rule.kind.rawValue)_\(c.name)", rule: rule, columns: [c.name]))
        }
        let count = c.profile.count
        if c.profile.nulls == 0 { add(.notNull) }
        var inSet = false
        if c.type == .text || c.type == .bigint, let values = c.values, values.count <= inSetLimit,
           count >= inSetRepeats * values.count, values.allSatisfy({ !hasControl($0.value) }) {
            add(.inSet(values: values.map(\.value).sorted()))
            inSet = true
        }
        if !inSet, c.unique == true, count >= 2 {
            add(.unique)
        }
        if !inSet, let range = range(c) { add(range) }
        if !inSet, c.type == .text, let format = c.fullFormats.first {
            add(format.rule)
        }
        return out
    }

    private static func range(_ c: ColumnFindings) -> CheckRule? {
        guard let min = c.profile.min, let max = c.profile.max else { return nil }
        switch c.type {
        case .bigint, .decimal, .double:
            guard c.nonFinite == 0, Double(min)?.isFinite == true, Double(max)?.isFinite == true else { return nil }
            return .range(min: .number(min), max: .number(max), minInclusive: true, maxInclusive: true)
        case .date, .timestamp, .timestamptz:
            return .range(min: .text(min), max: .text(max), minInclusive: true, maxInclusive: true)
        default:
            return nil
        }
    }

    /// Control characters other than tab cannot be written in a one-line quoted YAML scalar.
    private static func hasControl(_ s: String) -> Bool {
        s.utf8.contains { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }
    }
}
