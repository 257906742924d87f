package import FerryCore

/// A per-column profile for `ferry inspect`: type, nulls, distinct estimate, min/max, samples.
package struct ColumnProfile: Sendable, Equatable {
    /// The column's name in the schema.
    package var name: String
    /// The column's resolved type.
    package var type: ColumnType
    /// Non-NULL values.
    package var count: Int
    /// NULL values (including fields missing from short records).
    package var nulls: Int
    /// Estimated distinct non-NULL values (HyperLogLog, ~1 % error; exact for tiny columns).
    package var distinctEstimate: Int
    /// Smallest and largest non-NULL values by the type's order, in canonical text
    /// (`ValueFormatter`); nil when the column has no (orderable) value. NaN is not ordered.
    package var min: String?
    /// See `min`.
    package var max: String?
    /// Up to five distinct values in first-seen order, canonical text; text and json samples are
    /// cut at 40 characters (with `…` appended when cut).
    package var samples: [String]
    /// Number columns (bigint, double, decimal): the sum of the values, and the quartiles
    /// (0.25, 0.5, 0.75) from a `QuantileSketch` (exact up to 4096 values, else within ±2.5 %
    /// of rank); nil and empty for other columns.
    package var sum: Double?
    package var quantiles: [Quantile] = []

    /// A value at a quantile.
    package struct Quantile: Sendable, Equatable {
        package var q: Double
        package var value: Double
    }

    /// A profile with the given figures.
    package init(name: String, type: ColumnType, count: Int, nulls: Int, distinctEstimate: Int,
                 min: String?, max: String?, samples: [String], sum: Double? = nil, quantiles: [Quantile] = []) {
        self.sum = sum
        self.quantiles = quantiles
        self.name = name
        self.type = type
        self.count = count
        self.nulls = nulls
        self.distinctEstimate = distinctEstimate
        self.min = min
        self.max = max
        self.samples = samples
    }
}
