import FerryCore
import FerryEngine
import FerryLineage

/// Profiles every typed row of a run with checks whose lineage is on, for the input's
/// `dataQualityMetrics` facet: per column a distinct estimate, and for number columns min, max,
/// sum and quartiles (`Profiler`, bounded memory). Rejects nothing.
final class ProfileStage: BatchStage {
    private var profiler: Profiler?

    func start(schema: Schema) throws(FerryError) {
        profiler = Profiler(schema: schema, numbers: true)
    }

    func process(_ batch: inout StagedBatch) throws(FerryError) {
        profiler?.observe(batch.rows)
    }

    func finish() throws(FerryError) {}

    /// The figures of each column by name; empty before the input started.
    var figures: [String: DataQuality.ColumnFigures] {
        var out: [String: DataQuality.ColumnFigures] = [:]
        for p in profiler?.profiles() ?? [] {
            let number = p.sum != nil
            out[p.name] = DataQuality.ColumnFigures(
                distinct: p.distinctEstimate, min: number ? p.min.flatMap { Double($0) } : nil,
                max: number ? p.max.flatMap { Double($0) } : nil, sum: p.sum,
                quantiles: p.quantiles.map { DataQuality.Quantile(q: $0.q, value: $0.value) })
        }
        return out
    }
}
