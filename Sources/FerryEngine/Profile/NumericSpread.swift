/// Median, median absolute deviation and the outliers of a numeric column by the modified
/// z-score (Iglewicz and Hoaglin): |0.6745 · (x − median) / MAD| > 3.5. When more than half the
/// values are equal (MAD = 0) the mean absolute deviation stands in (z = (x − median) /
/// (1.2533 · meanAD)); when every value is the median there is no outlier.
package struct NumericSpread: Sendable, Equatable {
    package static let threshold = 3.5

    package var median: Double
    package var mad: Double
    /// Values below or above these bounds are outliers.
    package var lowerFence: Double
    package var upperFence: Double
    /// Outliers in the column: exact when `exact`, else the sample's share scaled to the column.
    package var outliers: Int
    package var exact: Bool
    /// The most extreme outliers (exact: kept for the whole column), lowest first.
    package var examples: [(value: Double, line: Int)]

    package static func == (a: NumericSpread, b: NumericSpread) -> Bool {
        a.median == b.median && a.mad == b.mad && a.outliers == b.outliers && a.exact == b.exact
            && a.examples.map(\.value) == b.examples.map(\.value) && a.examples.map(\.line) == b.examples.map(\.line)
    }

    /// The spread of `sample`; nil when it holds no value.
    init?(_ sample: NumericSample) {
        let sorted = sample.values.sorted()
        guard !sorted.isEmpty else { return nil }
        let median = Self.median(sorted)
        let deviations = sorted.map { abs($0 - median) }.sorted()
        let mad = Self.median(deviations)
        let scale: Double
        if mad > 0 {
            scale = mad / 0.6745
        } else {
            let meanAD = deviations.reduce(0, +) / Double(deviations.count)
            scale = 1.2533 * meanAD
        }
        self.median = median
        self.mad = mad
        guard scale > 0 else {
            (lowerFence, upperFence, outliers, exact, examples) = (median, median, 0, sample.isExact, [])
            return
        }
        lowerFence = median - Self.threshold * scale
        upperFence = median + Self.threshold * scale
        let (lo, hi) = (lowerFence, upperFence)
        let inSample = sorted.filter { $0 < lo || $0 > hi }.count
        exact = sample.isExact
        outliers = exact ? inSample : Int((Double(inSample) / Double(sorted.count) * Double(sample.seen)).rounded())
        examples = sample.lowest.filter { $0.value < lo } + sample.highest.filter { $0.value > hi }.reversed()
        if !exact { outliers = Swift.max(outliers, examples.count) }
    }

    private static func median(_ sorted: [Double]) -> Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}
