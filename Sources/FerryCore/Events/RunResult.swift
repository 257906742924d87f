/// The final line of every run: `run_completed`, or `run_failed` with an error object.
package struct RunResult: EventPayload, Sendable {
    package enum Status: String, Sendable { case completed, failed }

    package var status: Status
    /// Nil only when the request could not be read (then `error` says why).
    package var job: Job?
    package var mode: LoadMode?
    package var rowsRead: Int
    package var rowsWritten: Int
    package var rowsRejected: Int
    package var bytesRead: Int
    package var durationSeconds: Double
    package var source: SourceEndpoint?
    package var target: TargetEndpoint?
    package var rejectFile: String?
    package var error: FerryError?
    /// The run's datasets in OpenLineage names (absent for a run that never started).
    package var lineage: RunLineage?
    /// The files a completed load wrote, for targets that report them (Parquet).
    package var output: OutputStatistics?
    /// For a glob or directory source (Docs/many-files.md): files loaded and files skipped as
    /// loaded before; nil (and absent from the event) for other sources.
    package var filesLoaded: Int?
    package var filesSkipped: Int?
    /// Members the run's `BatchStage`s add (`checks`), in stage order.
    package var stageMembers: [(key: String, value: JSONValue)] = []

    package init(
        status: Status, job: Job?, mode: LoadMode?, rowsRead: Int, rowsWritten: Int, rowsRejected: Int,
        bytesRead: Int, durationSeconds: Double, source: SourceEndpoint?, target: TargetEndpoint?,
        rejectFile: String?, error: FerryError?, stageMembers: [(key: String, value: JSONValue)] = []
    ) {
        self.stageMembers = stageMembers
        self.status = status
        self.job = job
        self.mode = mode
        self.rowsRead = rowsRead
        self.rowsWritten = rowsWritten
        self.rowsRejected = rowsRejected
        self.bytesRead = bytesRead
        self.durationSeconds = durationSeconds
        self.source = source
        self.target = target
        self.rejectFile = rejectFile
        self.error = error
    }

    /// `run_completed` or `run_failed`, by status.
    package var eventPayload: Event.Payload { status == .completed ? .runCompleted(self) : .runFailed(self) }

    /// The duration in whole milliseconds, as the event says it (`duration_ms`).
    package var durationMillis: Int { Int((durationSeconds * 1000).rounded()) }

    /// A failed result for a run that never started (bad request, unreadable request file).
    package static func notStarted(_ error: FerryError) -> RunResult {
        RunResult(status: .failed, job: nil, mode: nil, rowsRead: 0, rowsWritten: 0, rowsRejected: 0, bytesRead: 0,
                  durationSeconds: 0, source: nil, target: nil, rejectFile: nil, error: error)
    }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        var m: [(key: String, value: JSONValue)] = [
            ("status", .string(status.rawValue)), ("job", job?.json ?? .null),
            ("mode", mode.map { .string($0.rawValue) } ?? .null),
            ("rows_read", .int(rowsRead)), ("rows_written", .int(rowsWritten)),
            ("rows_rejected", .int(rowsRejected)), ("bytes_read", .int(bytesRead)),
            ("duration_ms", .int(durationMillis)),
            ("source", source?.json ?? .null), ("target", target?.json ?? .null),
            ("reject_file", rejectFile.map(JSONValue.string) ?? .null),
        ]
        if let filesLoaded { m.append(("files_loaded", .int(filesLoaded))) }
        if let filesSkipped { m.append(("files_skipped", .int(filesSkipped))) }
        m.append(contentsOf: stageMembers)
        if let lineage { m.append(("lineage", lineage.json)) }
        if let output { m.append(("output", output.json)) }
        if let error { m.append(("error", error.json)) }
        return m
    }
}
