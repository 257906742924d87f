import FerryChecks
import FerryLineage

extension CheckSuite {
    /// The outcomes, per-column NULL counts and (with `profile`) the columns' profile figures
    /// for lineage; nil before the input ended.
    func dataQuality(profile: ProfileStage?) -> DataQuality? {
        guard !outcomes.isEmpty else { return nil }
        var quality = DataQuality(outcomes: outcomes, rowCount: rowsSeen,
                                  nullCounts: zip(schemaColumns.map(\.name), nullCounts).map { (column: $0, nulls: $1) })
        quality.figures = profile?.figures ?? [:]
        return quality
    }
}
