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
    /// A row after the first ones changed an inferred type (`InferenceCheck`): the load starts
    /// over with whole-input inference; the warning says which column.
    case inferAgain(Warning)
}

/// The reader thread's work: pull chunks from the source, type them, queue the results.
///
/// A `TypedChunkSource` is asked for typed chunks when the schema takes its types as they are
/// (`TypedPassage`); such a chunk passes through untouched unless a value needs the Typist, and
/// then (as for any typed chunk the passage cannot take) goes down the text path as the
/// canonical texts of its values (`RawBatch(rendering:)`), which type back to the same rows.
struct ReaderStage: Sendable {
    let source: Transfer<any RecordSource>
    /// Chunks read while the schema was resolved; only this stage's thread takes them.
    let replay: ReplayedChunks
    let typist: Typist
    let schema: Schema
    let queue: BoundedQueue<Prepared>
    let cancellation: Cancellation
    /// Whether batches carry their raw chunk (`Prepared.batch`'s `raw`).
    let keepsRecords: Bool
    /// Whether batches carry the source's position (`Prepared.batch`'s `position`).
    let tracksPosition: Bool
    /// The inferred types every chunk after the replayed ones is checked against, if any.
    let check: InferenceCheck?
    /// Rows the types were inferred from, for the warning when a later row changes one.
    let rowsInferred: Int

    func run() {
        defer { queue.close() }
        let typedSource = source.value as? any TypedChunkSource
        let passage = typedSource.flatMap { _ in
            TypedPassage(schema: schema, fieldIndex: typist.fieldIndex, sourceColumns: source.value.columns, limits: typist.limits)
        }
        // The chunks read while inferring were seen by inference: no check.
        var seen: InferenceCheck?
        while let chunk = replay.take() {
            guard emit(chunk, passage: passage, check: &seen) else { return }
        }
        var check = self.check
        do {
            while !cancellation.isCancelled {
                let next: SourceChunk?
                if let typedSource, passage != nil {
                    next = try typedSource.nextTyped()
                } else {
                    next = try source.value.next()
                }
                guard let chunk = next else { break }
                if let check, source.value.columns.count > check.sourceColumns {
                    queue.put(.inferAgain(newColumn(source.value.columns[check.sourceColumns].name)))
                    return
                }
                guard emit(chunk, passage: passage, position: tracksPosition ? try source.value.position() : nil, check: &check) else {
                    return
                }
            }
        } catch {
            queue.put(.failed(error))
        }
    }

    /// The warning for a later row that changed the type inferred for source column `column`.
    private func changedType(column: Int, was type: ColumnType) -> Warning {
        let name = source.value.columns[column].name
        let rows = rowsInferred == 1 ? "row" : "\(rowsInferred) rows"
        return Warning(code: "inference_restarted",
                       message: "column \"\(name)\" has a value after the first \(rows) that does not fit \(type.name), the type inferred from them; the load starts over with types inferred from the whole input")
    }

    /// The warning for a column (a JSON Lines key) first seen after the rows types came from.
    private func newColumn(_ name: String) -> Warning {
        Warning(code: "inference_restarted",
                message: "key \"\(name)\" first appears after the first \(rowsInferred) rows, whose columns the load started with; the load starts over with the columns and types of the whole input")
    }

    /// Types one chunk and queues it; false when the writer has gone away, or when a row of the
    /// chunk changed a type `check` holds (then `.inferAgain` is queued instead).
    private func emit(_ chunk: SourceChunk, passage: TypedPassage?, position: SourcePosition? = nil, check: inout InferenceCheck?) -> Bool {
        var rows = chunk.rows
        if let typed = chunk.typed {
            if let passage, let batch = passage.batch(from: typed) {
                return put(batch, rejected: chunk.rejected, rowsRead: typed.rowCount + chunk.rejected.count,
                           changed: Array(repeating: 0, count: schema.columns.count),
                           raw: keepsRecords ? RawBatch(rendering: typed, sourceFile: rows.sourceFile) : nil, file: rows.sourceFile,
                           position: position)
            }
            rows = RawBatch(rendering: typed, sourceFile: rows.sourceFile)
        }
        var typed = TypedBatch(schema: schema, capacity: rows.rowCount)
        var rejected = chunk.rejected
        var changed = Array(repeating: 0, count: schema.columns.count)
        typist.type(rows, into: &typed, rejects: &rejected, changed: &changed)
        if let change = check?.firstChange(in: rows, typingRejected: rejected.count > chunk.rejected.count) {
            queue.put(.inferAgain(changedType(column: change.column, was: change.type)))
            return false
        }
        return put(typed, rejected: rejected, rowsRead: rows.rowCount + chunk.rejected.count, changed: changed,
                   raw: keepsRecords ? rows : nil, file: rows.sourceFile, position: position)
    }

    private func put(_ batch: TypedBatch, rejected: [RejectedRecord], rowsRead: Int, changed: [Int], raw: RawBatch?, file: String?,
                     position: SourcePosition?) -> Bool {
        var rejected = rejected
        if let file {
            for index in rejected.indices where rejected[index].file == nil { rejected[index].file = file }
        }
        rejected.sort { $0.line < $1.line }
        return queue.put(.batch(batch, rejected: rejected, rowsRead: rowsRead, bytesRead: source.value.bytesRead, changed: changed, raw: raw,
                                position: position))
    }
}
