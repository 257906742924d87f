package import FerryCore

/// What `ferry inspect` reports: the resolved schema and what it found in every column.
package struct InspectReport: Sendable {
    package var schema: Schema
    package var columns: [ColumnFindings]
    package var profiles: [ColumnProfile] { columns.map(\.profile) }
    package var rowsRead: Int
    package var rowsRejected: Int
    /// The first few rejected records' positions and reasons (never values).
    package var rejectSamples: [RejectedRecord]
}

/// Reads a source twice without loading it: once to resolve types, once to type and profile
/// (`DatasetProfiler`: bounded memory whatever the input's size).
package struct Inspection {
    package var request: LoadRequest
    package var cancellation: Cancellation
    /// Formats to look for in text columns (`ColumnInsight`).
    package var probes: [FormatProbe]

    package init(request: LoadRequest, cancellation: Cancellation, probes: [FormatProbe] = TextShapes.probes) {
        self.request = request
        self.cancellation = cancellation
        self.probes = probes
    }

    package func run(source: any RecordSource) throws(FerryError) -> InspectReport {
        let pass = SchemaPass(request: request, cancellation: cancellation, emitter: nil)
        let (resolved, replay) = try pass.resolve(source: source, existing: nil, started: Clock.monotonicSeconds())
        let typist = Typist(schema: resolved.schema, fieldIndex: resolved.fieldIndex, limits: .none)
        var profiler = DatasetProfiler(schema: resolved.schema, probes: probes)
        var report = InspectReport(schema: resolved.schema, columns: [], rowsRead: 0, rowsRejected: 0, rejectSamples: [])
        var index = 0
        while true {
            if cancellation.isCancelled { throw cancellation.error }
            let chunk: SourceChunk
            if index < replay.count {
                chunk = replay[index]
                index += 1
            } else {
                guard let next = try source.next() else { break }
                chunk = next
            }
            var typed = TypedBatch(schema: resolved.schema, capacity: chunk.rows.rowCount)
            var rejected = chunk.rejected
            typist.type(chunk.rows, into: &typed, rejects: &rejected)
            profiler.observe(typed)
            report.rowsRead += chunk.rows.rowCount + chunk.rejected.count
            report.rowsRejected += rejected.count
            if report.rejectSamples.count < 5 { report.rejectSamples.append(contentsOf: rejected.prefix(5 - report.rejectSamples.count)) }
        }
        report.columns = profiler.findings()
        return report
    }
}
