package import FerryCore

/// The load's profiling stage for `ferry load --report`: profiles every typed row (rejected rows
/// included: the report describes the input) and changes nothing.
package final class ProfileStage: BatchStage {
    private let probes: [FormatProbe]
    private var profiler: DatasetProfiler?

    package init(probes: [FormatProbe]) {
        self.probes = probes
    }

    package func start(schema: Schema) throws(FerryError) {
        profiler = DatasetProfiler(schema: schema, probes: probes)
    }

    package func process(_ batch: inout StagedBatch) throws(FerryError) {
        profiler?.observe(batch.rows)
    }

    package func finish() throws(FerryError) {}

    /// The rows profiled and the findings per column; nil when the run ended before its schema.
    package var result: (rows: Int, columns: [ColumnFindings])? {
        profiler.map { ($0.rows, $0.findings()) }
    }
}
