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

    /// A profile with the given figures.
    package init(name: String, type: ColumnType, count: Int, nulls: Int, distinctEstimate: Int,
                 min: String?, max: String?, samples: [String]) {
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
