package import FerryCore

/// The first step of a load: learn the source's columns and resolve every column's type. Types
/// inferred from all of the input come from its first rows, checked while loading
/// (`checksWhileLoading`), or, where that cannot be, from a whole read before the load.
package struct SchemaPass {
    package var request: LoadRequest
    package var cancellation: Cancellation
    /// Receives `progress` events of the inference pass; nil for silent passes (`ferry inspect`).
    package var emitter: EventEmitter?
    /// What the target keeps exactly: inferred types stay within it (`SchemaInference.fit`).
    package var limits = ValueLimits.none
    /// Whether, without `infer_rows`, a repeatable source's types may be inferred from its first
    /// `firstRows` rows and every later row checked against them while loading, instead of reading
    /// the whole input twice (`InferenceCheck`); a row that changes a type makes the load start
    /// over with whole-input inference. Loads set it; `ferry inspect` reads the whole input.
    package var checksWhileLoading = false
    /// How many rows types are inferred from before the load checks the rest: `firstRows`, or
    /// fewer when their chunks reach `firstBytes` (they are held until the load writes them).
    package var firstRows = 50_000
    package var firstBytes = 16 << 20

    package init(request: LoadRequest, cancellation: Cancellation, emitter: EventEmitter?) {
        self.request = request
        self.cancellation = cancellation
        self.emitter = emitter
    }

    private func checkCancelled() throws(FerryError) {
        if cancellation.isCancelled { throw cancellation.error }
    }

    /// Resolves the schema; returns chunks read while sampling, to be loaded before reading on.
    package func resolve(source: any RecordSource, existing: [Column]?, started: Double)
        throws(FerryError) -> (ResolvedSchema, [SourceChunk]) {
        let resolver = SchemaResolver(request: request)
        // A first chunk makes header-less sources and JSON Lines report their columns.
        var replay: [SourceChunk] = []
        if source.columns.isEmpty, let first = try source.next() { replay.append(first) }
        let toInfer = resolver.columnsToInfer(source: source.columns, existing: existing)
        guard !toInfer.isEmpty else {
            source.fixColumns(source.columns.map(\.name))
            return (try resolver.resolve(source: source.columns, existing: existing, inference: nil, rowsScanned: 0, sampled: false), replay)
        }

        var inference = SchemaInference(columnCount: source.columns.count)
        var check: InferenceCheck?
        let limit = request.options.inferRows
        if let limit {
            // Sample: keep what was read so it can be loaded without reading it twice.
            var index = 0
            while inference.rowsObserved < limit {
                let chunk: SourceChunk
                if index < replay.count { chunk = replay[index] } else {
                    guard let next = try source.next() else { break }
                    replay.append(next)
                    chunk = next
                }
                index += 1
                inference.widen(to: source.columns.count)
                _ = inference.observe(chunk.rows, limit: limit)
                try checkCancelled()
            }
        } else if checksWhileLoading, source.repeatable {
            // Infer from the first rows (whole chunks: the reader checks only the chunks after them).
            var index = 0
            var ended = false
            var bytes = 0
            while inference.rowsObserved < firstRows && bytes < firstBytes {
                let chunk: SourceChunk
                if index < replay.count { chunk = replay[index] } else {
                    guard let next = try source.next() else { ended = true; break }
                    replay.append(next)
                    chunk = next
                }
                index += 1
                bytes += chunk.rows.storage.count
                inference.widen(to: source.columns.count)
                _ = inference.observe(chunk.rows, limit: nil)
                try checkCancelled()
            }
            if !ended {
                // JSON Lines sources may have found more columns to infer while sampling.
                check = InferenceCheck(inference: inference, limits: limits, sourceColumns: source.columns.count,
                                       columns: resolver.columnsToInfer(source: source.columns, existing: existing))
            }
        } else {
            for chunk in replay {
                inference.widen(to: source.columns.count)
                _ = inference.observe(chunk.rows, limit: nil)
            }
            replay.removeAll()
            try observeAll(source: source, into: &inference, started: started)
            try source.restart()
        }
        // Columns stay open while the load checks for new ones (JSON Lines keys), to start over.
        if check == nil { source.fixColumns(source.columns.map(\.name)) }
        inference.fit(limits)
        var resolved = try resolver.resolve(source: source.columns, existing: existing, inference: inference,
                                            rowsScanned: inference.rowsObserved, sampled: limit != nil)
        resolved.check = check
        return (resolved, replay)
    }

    /// Reads the rest of the input on a worker thread while this thread infers, so parsing and
    /// inference overlap; returns after the worker has finished with the source.
    private func observeAll(source: any RecordSource, into inference: inout SchemaInference, started: Double) throws(FerryError) {
        let queue = BoundedQueue<ScanItem>(capacity: 4)
        let scan = InferenceScan(source: Transfer(value: source), queue: queue, cancellation: cancellation)
        let thread = try WorkerThread(name: "ferry-infer", stage: .extract) { scan.run() }
        cancellation.register(queue)
        var failure: FerryError?
        var progress = ProgressThrottle(started: started)
        var rows = 0
        while let item = queue.take() {
            switch item {
            case let .failed(error):
                failure = error
            case let .chunk(chunk, columnCount, bytesRead, totalBytes):
                inference.widen(to: columnCount)
                _ = inference.observe(chunk.rows, limit: nil)
                rows += chunk.rows.rowCount + chunk.rejected.count
                if progress.due() {
                    emitter?.emit(progress.event(.infer, tally: Tally(rowsRead: rows, bytesRead: bytesRead), total: totalBytes))
                }
            }
            if failure != nil { break }
        }
        queue.close()
        if cancellation.isCancelled {
            thread.detach()
            throw cancellation.error
        }
        thread.join()
        if let failure { throw failure }
    }
}

/// What the inference pass's reader thread hands over.
enum ScanItem: Sendable {
    case chunk(SourceChunk, columnCount: Int, bytesRead: Int, totalBytes: Int?)
    case failed(FerryError)
}

/// The inference pass's reader thread: read chunks and queue them with the source's counters.
struct InferenceScan: Sendable {
    let source: Transfer<any RecordSource>
    let queue: BoundedQueue<ScanItem>
    let cancellation: Cancellation

    func run() {
        defer { queue.close() }
        do {
            while !cancellation.isCancelled, let chunk = try source.value.next() {
                let s = source.value
                guard queue.put(.chunk(chunk, columnCount: s.columns.count, bytesRead: s.bytesRead, totalBytes: s.totalBytes)) else { return }
            }
        } catch {
            queue.put(.failed(error))
        }
    }
}
