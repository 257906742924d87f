package import FerryCore

/// Profiles typed batches column by column for `ferry inspect`: counts, NULLs, a distinct
/// estimate (HyperLogLog over the values, fixed 16 KiB per column), min/max in the type's order
/// (numbers numerically, dates and timestamps by value, decimals numerically, text, uuid and json
/// by bytes) and up to five distinct samples.
package struct Profiler: Sendable {
    private let names: [String]
    private var columns: [ColumnStatistics]

    /// Starts empty profiles for the columns of `schema`; with `numbers`, number columns
    /// (bigint, double, decimal) also get their sum and quartiles (`QuantileSketch`).
    package init(schema: Schema, numbers: Bool = false) {
        names = schema.columns.map(\.name)
        columns = schema.columns.map { column in
            var statistics = ColumnStatistics(type: column.type)
            let isNumber = switch column.type {
            case .bigint, .double, .decimal: true
            default: false
            }
            if numbers, isNumber {
                statistics.numbers = (0, QuantileSketch())
            }
            return statistics
        }
    }

    /// Adds the rows of `batch` (typed against the same schema; columns of another type are
    /// ignored rather than misread).
    package mutating func observe(_ batch: TypedBatch) {
        for c in columns.indices where c < batch.columns.count && batch.columns[c].type == columns[c].type {
            columns[c].observe(batch.columns[c])
        }
    }

    /// One profile per schema column, in schema order.
    package func profiles() -> [ColumnProfile] {
        columns.indices.map { columns[$0].profile(name: names[$0]) }
    }
}
