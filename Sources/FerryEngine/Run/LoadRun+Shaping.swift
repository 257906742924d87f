import FerryCore

extension LoadRun {
    /// Runs `batch` through the schema stage, if any: the output rows, and a rejected record
    /// (original bytes from `raw`) for each input row it could not shape.
    func applyShaper(_ batch: TypedBatch, raw: RawBatch?, input: Schema) throws(FerryError) -> (TypedBatch, [RejectedRecord]) {
        guard let shaper else { return (batch, []) }
        let shaped = try shaper.shape(batch)
        let records = shaped.rejected.map { r in
            RejectedRecord(line: batch.lines[r.row], column: r.column, columnIndex: nil, reason: r.reason,
                           record: raw.map { Self.record(at: batch.lines[r.row], in: $0) } ?? [])
        }
        return (shaped.rows, records)
    }
}

extension LoadRequest {
    /// The request as the input's typing sees it when a shaper stands between input and target:
    /// key columns name output columns, so the input's schema is resolved without them.
    var unshaped: LoadRequest {
        var r = self
        r.key = []
        return r
    }
}

extension LoadMode {
    /// Whether the mode loads into the existing table rather than a new one.
    var keepsTable: Bool { [.append, .truncate, .upsert, .update].contains(self) }
}
