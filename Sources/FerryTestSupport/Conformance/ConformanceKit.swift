package import FerryCore
import FerryEngine

/// Runs loads the way the CLI does (engine + real sink), with an in-memory source.
package struct ConformanceKit {
    package let sandbox: any ConformanceSandbox
    package let events = EventRecorder()

    package init(sandbox: any ConformanceSandbox) { self.sandbox = sandbox }

    /// Loads `rows` (nil = NULL) with `columns` as the source header into `table`.
    package func load(
        _ table: String, columns: [String], rows: [[String?]], mode: LoadMode, key: [String] = [],
        declared: [DeclaredColumn] = [], maxRejects: MaxRejects = .none, chunkRows: Int = 2,
        cancelAtChunk: Int? = nil, inferRows: Int? = nil
    ) -> RunResult {
        let request = LoadRequest(
            job: Job(name: "conformance"), source: .file(FileEndpoint(path: "memory.csv", format: .csv)),
            target: sandbox.endpoint(table: table), mode: mode, key: key, columns: declared,
            options: LoadOptions(maxRejects: maxRejects, inferRows: inferRows))
        let cancellation = Cancellation()
        let source = MemorySource(columns: columns, rows: rows, chunkRows: chunkRows)
        if let cancelAtChunk {
            var chunks = 0
            source.beforeChunk = { _ in
                chunks += 1
                if chunks == cancelAtChunk { cancellation.cancel(reason: "received SIGTERM") }
            }
        }
        let emitter = EventEmitter(sinks: [events])
        let sandbox = self.sandbox
        let result = LoadRun(request: request, emitter: emitter, cancellation: cancellation, ferryVersion: "conformance")
            .run(openSource: { source },
                 openSink: { () throws(FerryError) in try sandbox.sink(table: table, runID: emitter.runID) },
                 openRejects: { MemoryRejects(path: $0) })
        emitter.emit(result)
        if let error = result.error, cancelAtChunk == nil {
            // Shown with the test's output: an unexpected failure explains itself in CI's log.
            print("conformance: \(mode.rawValue) into \(table) failed: [\(error.code.rawValue)] \(error.message)")
        }
        return result
    }
}
