import FerryChecks
import FerryEngine
import FerryLineage

extension CheckSuite {
    /// The outcomes, per-column NULL counts and (with `profile`) the columns' profile figures
    /// for lineage; nil before the input ended.
    func dataQuality(profile: ProfileStage?) -> DataQuality? {
        guard !outcomes.isEmpty else { return nil }
        var quality = DataQuality(outcomes: outcomes, rowCount: rowsSeen,
                                  nullCounts: zip(schemaColumns.map(\.name), nullCounts).map { (column: $0, nulls: $1) })
        quality.figures = Self.figures(profile?.profiles ?? [])
        return quality
    }

    /// The figures of each column by name, for the input's `dataQualityMetrics` facet: a distinct
    /// estimate, and for number columns min, max, sum and quartiles.
    private static func figures(_ profiles: [ColumnProfile]) -> [String: DataQuality.ColumnFigures] {
        var out: [String: DataQuality.ColumnFigures] = [:]
        for p in profiles {
            let number = p.sum != nil
            out[p.name] = DataQuality.ColumnFigures(
                distinct: p.distinctEstimate, min: number ? p.min.flatMap { Double($0) } : nil,
                max: number ? p.max.flatMap { Double($0) } : nil, sum: p.sum,
                quantiles: p.quantiles.map { DataQuality.Quantile(q: $0.q, value: $0.value) })
        }
        return out
    }
}
