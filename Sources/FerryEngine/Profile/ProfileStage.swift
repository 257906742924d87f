package import FerryCore

/// The load's profiling stage, for `ferry load --report` and for lineage's quality metrics:
/// profiles every typed row (rejected rows included: the report describes the input) and changes
/// nothing. Without `insights` it keeps only the `Profiler`'s figures (lineage without a report).
package final class ProfileStage: BatchStage {
    private let probes: [FormatProbe]
    private let insights: Bool
    private var profiler: DatasetProfiler?

    package init(probes: [FormatProbe], insights: Bool = true) {
        self.probes = probes
        self.insights = insights
    }

    package func start(schema: Schema) throws(FerryError) {
        profiler = DatasetProfiler(schema: schema, probes: probes, numbers: true, insights: insights)
    }

    package func process(_ batch: inout StagedBatch) throws(FerryError) {
        profiler?.observe(batch.rows)
    }

    package func finish() throws(FerryError) {}

    /// The rows profiled and the findings per column; nil when the run ended before its schema.
    package var result: (rows: Int, columns: [ColumnFindings])? {
        profiler.map { ($0.rows, $0.findings()) }
    }

    /// The `Profiler`'s figures per column; empty when the run ended before its schema.
    package var profiles: [ColumnProfile] {
        profiler?.profiles() ?? []
    }
}
