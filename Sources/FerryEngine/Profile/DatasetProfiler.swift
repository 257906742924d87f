package import FerryCore

/// Profiles typed batches for `ferry inspect` and `--report`: the `Profiler`'s figures and each
/// column's `ColumnInsight`. Memory is bounded per column (see `ColumnInsight`); the uniqueness
/// hashes share a budget of `uniqueBudget` over the columns, at least `uniqueFloor` each.
package struct DatasetProfiler: Sendable {
    package static let uniqueBudget = 1 << 22
    package static let uniqueFloor = 1 << 16

    private var profiler: Profiler
    private var insights: [ColumnInsight]
    private let probes: [FormatProbe]
    private let types: [ColumnType]
    /// Rows observed.
    package private(set) var rows = 0

    /// Starts empty profiles for the columns of `schema`, looking for `probes` in text columns.
    /// With `numbers`, number columns also get their sum and quartiles (`Profiler`); without
    /// `insights`, only the `Profiler`'s figures are kept (what lineage's metrics need).
    package init(schema: Schema, probes: [FormatProbe], numbers: Bool = false, insights: Bool = true) {
        profiler = Profiler(schema: schema, numbers: numbers)
        self.probes = probes
        types = schema.columns.map(\.type)
        let limit = Swift.max(Self.uniqueFloor, Self.uniqueBudget / Swift.max(schema.columns.count, 1))
        self.insights = insights ? schema.columns.map { ColumnInsight(type: $0.type, probes: probes.count, uniqueLimit: limit) } : []
    }

    /// Adds the rows of `batch` (typed against the same schema).
    package mutating func observe(_ batch: TypedBatch) {
        profiler.observe(batch)
        rows += batch.rowCount
        for c in insights.indices where c < batch.columns.count && batch.columns[c].type == types[c] {
            insights[c].observe(batch.columns[c], lines: batch.lines, probes: probes)
        }
    }

    /// The `Profiler`'s figures per column, in schema order.
    package func profiles() -> [ColumnProfile] {
        profiler.profiles()
    }

    /// The findings per column, in schema order (empty without insights).
    package func findings() -> [ColumnFindings] {
        zip(profiler.profiles(), insights).map { ColumnFindings(profile: $0, insight: $1, probes: probes) }
    }
}
