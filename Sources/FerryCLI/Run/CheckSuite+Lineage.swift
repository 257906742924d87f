import FerryChecks
import FerryLineage

extension CheckSuite {
    /// The outcomes and per-column NULL counts for lineage; nil before the input ended.
    var dataQuality: DataQuality? {
        guard !outcomes.isEmpty else { return nil }
        return DataQuality(outcomes: outcomes, rowCount: rowsSeen,
                           nullCounts: zip(schemaColumns.map(\.name), nullCounts).map { (column: $0, nulls: $1) })
    }
}
