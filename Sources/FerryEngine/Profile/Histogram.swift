/// Counts of a numeric column's values in equal-width bins between its smallest and largest value
/// (exact extremes; counts from the `NumericSample`, scaled to the column when it was sampled).
package struct Histogram: Sendable, Equatable {
    package static let maxBins = 12

    package var lower: Double
    package var upper: Double
    package var counts: [Int]
    /// Whether the counts are exact (the column had at most `NumericSample.capacity` values).
    package var exact: Bool

    init?(_ sample: NumericSample, integral: Bool) {
        guard let lower = sample.min, let upper = sample.max, !sample.values.isEmpty else { return nil }
        var bins = Self.maxBins
        if integral, upper - lower + 1 < Double(bins) { bins = Swift.max(1, Int(upper - lower) + 1) }
        if upper == lower { bins = 1 }
        var counts = [Int](repeating: 0, count: bins)
        let width = (upper - lower) / Double(bins)
        for x in sample.values {
            let i = width > 0 ? Int((x - lower) / width) : 0
            counts[Swift.min(Swift.max(i, 0), bins - 1)] += 1
        }
        if !sample.isExact {
            let scale = Double(sample.seen) / Double(sample.values.count)
            counts = counts.map { Int((Double($0) * scale).rounded()) }
        }
        self.lower = lower
        self.upper = upper
        self.counts = counts
        exact = sample.isExact
    }
}
