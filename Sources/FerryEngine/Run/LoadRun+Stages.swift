import FerryCore

extension LoadRun {
    /// Whether batches pass the shaper and the stages on a thread of their own (`StageWorker`):
    /// when there are any, and none must run on the writer's thread. A plain load has two threads.
    var stagesOnOwnThread: Bool {
        (shaper != nil || !stages.isEmpty) && !stages.contains { $0.processesOnWriterThread }
    }

    /// One batch from the reader after the shaper (`input` → `schema`) and the stages: the rows
    /// the target gets, with the rejects of typing, shaping and the stages in line order. The raw
    /// chunk is let go (the rejects carry their records' bytes).
    func staged(_ item: Prepared, input: Schema, schema: Schema) throws(FerryError) -> Prepared {
        guard case let .batch(typed, typingRejects, rowsRead, bytesRead, changed, raw, position) = item,
              shaper != nil || !stages.isEmpty else { return item }
        let (shaped, shapeRejects) = try applyShaper(typed, raw: raw, input: input)
        let (batch, stageRejects) = try applyStages(shaped, raw: raw, schema: schema)
        let rejected = stageRejects.isEmpty && shapeRejects.isEmpty ? typingRejects
            : (typingRejects + shapeRejects + stageRejects).sorted { $0.line < $1.line }
        return .batch(batch, rejected: rejected, rowsRead: rowsRead, bytesRead: bytesRead, changed: changed, raw: nil,
                      position: position)
    }

    /// Runs `batch` through the configured stages: the rows they kept, and a rejected record
    /// (original bytes from `raw`, the chunk the batch was typed from) for each row they rejected.
    func applyStages(_ batch: TypedBatch, raw: RawBatch?, schema: Schema) throws(FerryError) -> (TypedBatch, [RejectedRecord]) {
        guard !stages.isEmpty else { return (batch, []) }
        var staged = StagedBatch(rows: batch, schema: schema)
        for stage in stages { try stage.process(&staged) }
        guard !staged.rejections.isEmpty else { return (batch, []) }
        var records: [RejectedRecord] = []
        for row in staged.rejections.keys.sorted() {
            let line = batch.lines[row]
            let column = staged.rejectedColumns[row]
            records.append(RejectedRecord(
                line: line, column: column, columnIndex: column.flatMap { schema.index(of: $0) }.map { $0 + 1 },
                reason: (staged.rejections[row] ?? []).joined(separator: "; "),
                record: raw.map { Self.record(at: line, in: $0) } ?? []))
        }
        return (staged.keptRows(), records)
    }

    /// The original bytes of the record that starts at `line` in `raw` (rows are in line order).
    static func record(at line: Int, in raw: RawBatch) -> [UInt8] {
        var low = 0
        var high = raw.rowCount
        while low < high {
            let mid = (low + high) / 2
            if raw.rowLine[mid] < line { low = mid + 1 } else { high = mid }
        }
        return low < raw.rowCount && raw.rowLine[low] == line ? Array(raw.record(row: low)) : []
    }
}
