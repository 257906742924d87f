package import FerryCore

/// The first pass of a load: learn the source's columns and resolve every column's type,
/// reading the input once more when types must be inferred from all of it.
package struct SchemaPass {
    package var request: LoadRequest
    package var cancellation: Cancellation
    /// Receives `progress` events of the inference pass; nil for silent passes (`ferry inspect`).
    package var emitter: EventEmitter?

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
        var progress = ProgressThrottle(started: started)
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
        } else {
            for chunk in replay {
                inference.widen(to: source.columns.count)
                _ = inference.observe(chunk.rows, limit: nil)
            }
            replay.removeAll()
            var rows = 0
            while let chunk = try source.next() {
                inference.widen(to: source.columns.count)
                _ = inference.observe(chunk.rows, limit: nil)
                rows += chunk.rows.rowCount + chunk.rejected.count
                try checkCancelled()
                if progress.due() {
                    emitter?.emit(progress.event(.infer, tally: Tally(rowsRead: rows, bytesRead: source.bytesRead), total: source.totalBytes))
                }
            }
            try source.restart()
        }
        source.fixColumns(source.columns.map(\.name))
        let resolved = try resolver.resolve(source: source.columns, existing: existing, inference: inference,
                                            rowsScanned: inference.rowsObserved, sampled: limit != nil)
        return (resolved, replay)
    }
}
