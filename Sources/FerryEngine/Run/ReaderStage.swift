import FerryCore

/// What the reader thread hands the writer: a typed batch with its rejects, or the error that
/// stopped reading.
enum Prepared: Sendable {
    /// `changed[c]`: values of column `c` stored in another form than their text (`Typist`).
    /// `raw`: the chunk the batch was typed from, kept when stages may reject rows (for their bytes).
    /// `position`: the record boundary after the batch, for the checkpoints of chunked loads.
    case batch(TypedBatch, rejected: [RejectedRecord], rowsRead: Int, bytesRead: Int, changed: [Int], raw: RawBatch?,
               position: SourcePosition?)
    case failed(FerryError)
}

/// The reader thread's work: pull chunks from the source, type them, queue the results.
struct ReaderStage: Sendable {
    let source: Transfer<any RecordSource>
    let replay: Transfer<[SourceChunk]>
    let typist: Typist
    let schema: Schema
    let queue: BoundedQueue<Prepared>
    let cancellation: Cancellation
    /// Whether batches carry their raw chunk (`Prepared.batch`'s `raw`).
    let keepsRecords: Bool
    /// Whether batches carry the source's position (`Prepared.batch`'s `position`).
    let tracksPosition: Bool

    func run() {
        defer { queue.close() }
        for chunk in replay.value {
            guard emit(chunk) else { return }
        }
        do {
            while !cancellation.isCancelled, let chunk = try source.value.next() {
                guard emit(chunk, position: tracksPosition ? try source.value.position() : nil) else { return }
            }
        } catch {
            queue.put(.failed(error))
        }
    }

    /// Types one chunk and queues it; false when the writer has gone away.
    private func emit(_ chunk: SourceChunk, position: SourcePosition? = nil) -> Bool {
        var typed = TypedBatch(schema: schema, capacity: chunk.rows.rowCount)
        var rejected = chunk.rejected
        var changed = Array(repeating: 0, count: schema.columns.count)
        typist.type(chunk.rows, into: &typed, rejects: &rejected, changed: &changed)
        if let file = chunk.rows.sourceFile {
            for index in rejected.indices where rejected[index].file == nil { rejected[index].file = file }
        }
        rejected.sort { $0.line < $1.line }
        let rows = chunk.rows.rowCount + chunk.rejected.count
        return queue.put(.batch(typed, rejected: rejected, rowsRead: rows, bytesRead: source.value.bytesRead, changed: changed,
                                raw: keepsRecords ? chunk.rows : nil, position: position))
    }
}
