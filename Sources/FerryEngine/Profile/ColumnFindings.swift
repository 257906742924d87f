package import FerryCore

/// Everything `ferry inspect` and the report say about one column: the `Profiler`'s profile and
/// what `ColumnInsight` added (values, uniqueness, formats, histogram, outliers).
package struct ColumnFindings: Sendable {
    /// A format most values of a text column have.
    package struct FormatShare: Sendable, Equatable {
        package var name: String
        package var rule: CheckRule
        package var matched: Int
    }

    package var profile: ColumnProfile
    /// Distinct non-NULL values: exact when `distinctExact`, else the profile's estimate.
    package var distinct: Int
    package var distinctExact: Bool
    /// Every distinct value with its count, most frequent first (ties by value), while the
    /// column has at most `ColumnInsight.topLimit` short distinct values; nil past that.
    package var values: [(value: String, count: Int)]?
    /// Whether no two values are equal; nil when unknown (past the cap) or not tracked.
    package var unique: Bool?
    /// Formats at least 90 % of the values have, most matched first.
    package var formats: [FormatShare]
    package var histogram: Histogram?
    /// Median, MAD and outliers, for bigint, double and decimal columns.
    package var spread: NumericSpread?
    /// NaN or infinite values of a double column (they fail any `range`).
    package var nonFinite: Int

    package var name: String { profile.name }
    package var type: ColumnType { profile.type }

    /// The formats every value has.
    package var fullFormats: [FormatShare] { formats.filter { $0.matched == profile.count && profile.count > 0 } }

    init(profile: ColumnProfile, insight: ColumnInsight, probes: [FormatProbe]) {
        self.profile = profile
        if let top = insight.top {
            values = top.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
            distinct = top.count
            distinctExact = true
        } else {
            values = nil
            distinct = profile.distinctEstimate
            distinctExact = false
        }
        unique = insight.unique
        if unique == true { distinct = profile.count; distinctExact = true }
        formats = insight.matches.indices.compactMap { i -> FormatShare? in
            guard let hits = insight.matches[i], hits > 0, hits * 10 >= insight.count * 9 else { return nil }
            return FormatShare(name: probes[i].name, rule: probes[i].rule, matched: hits)
        }.enumerated().sorted { $0.element.matched != $1.element.matched ? $0.element.matched > $1.element.matched : $0.offset < $1.offset }.map(\.element)
        nonFinite = insight.sample.nonFinite
        let integral = profile.type.storage == .int64
        histogram = insight.isNumeric ? Histogram(insight.sample, integral: integral) : nil
        switch profile.type {
        case .bigint, .double, .decimal: spread = NumericSpread(insight.sample)
        default: spread = nil
        }
    }
}
