import FerryCore

/// A chunked, resumable load (Docs/many-files.md, "Chunked, resumable loads"): batches go into a
/// staging table, committed chunk by chunk together with a checkpoint row; `finish` moves the
/// staged rows into the target in the final sink's one transaction, with the target's own
/// mode semantics, and drops the staging table and the checkpoint there. Readers of the target
/// never see a partial load.
///
/// A load that finds the checkpoint of an earlier run of the same job and target (killed,
/// failed, or retried) keeps the staged chunks and continues the input at the checkpoint's
/// record boundary (`resumePosition`: the run seeks the source there). A checkpoint without a
/// position (a source that has none) skips the input records up to its last line instead: they
/// are typed again but not written.
final class ChunkedLoadSink: BatchSink {
    /// Where the load starts when no checkpoint is resumed (its key, staging table, run and
    /// source; nothing staged).
    private let start: ChunkCheckpoint
    private let every: CommitEvery
    private let resume: Bool
    private let emitter: EventEmitter
    private let openSink: (String?) throws(FerryError) -> any ChunkStagingSink
    private let forwarding = InterrupterGroup()
    /// The target's sink: read before the load, written by the final move only.
    private let final: any ChunkStagingSink
    /// The open chunk's sink (its transaction), if any.
    private var chunk: (any ChunkStagingSink)?
    private var schema = Schema(columns: [])
    private var mode = LoadMode.append
    private var key: [String] = []
    /// The last committed checkpoint (or the start: nothing staged).
    private var state: ChunkCheckpoint?
    /// Records up to this line were staged by an earlier run.
    private var skipThrough = 0
    private var rowsInChunk = 0
    private var lastLine = 0
    private var bytesAtChunkStart = 0
    /// Input bytes read so far, set by the run before each batch.
    var bytesRead = 0
    /// The record boundary after the batch the run writes next, set by the run before it.
    var position: SourcePosition?
    /// Where the source continues when `begin` resumed a checkpoint that has a position.
    private(set) var resumePosition: SourcePosition?
    /// Rows the resumed checkpoint had staged.
    var rowsStagedBefore: Int { resumePosition == nil ? 0 : state?.rowsStaged ?? 0 }

    /// Opens the staging sink first, then the target's: a SQLite database file the load
    /// creates is then created by the sink that commits the first chunk.
    init(start: ChunkCheckpoint, every: CommitEvery, resume: Bool, emitter: EventEmitter,
         openSink: @escaping (String?) throws(FerryError) -> any ChunkStagingSink) throws(FerryError) {
        self.start = start
        self.every = every
        self.resume = resume
        self.emitter = emitter
        self.openSink = openSink
        let first = try openSink(start.stagingTable)
        forwarding.add(first.interrupter)
        chunk = first
        final = try openSink(nil)
        forwarding.add(final.interrupter)
    }

    var valueLimits: ValueLimits { final.valueLimits }
    var interrupter: any Interrupter { forwarding }
    var foldsColumnNameCase: Bool { final.foldsColumnNameCase }

    func existingColumns() throws(FerryError) -> [Column]? {
        try final.existingColumns()
    }

    /// Continues from the checkpoint when one matches the load (`resume`), else starts
    /// afresh; opens the first chunk.
    func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) {
        self.schema = schema
        self.mode = mode
        self.key = key
        let sink = try chunkSink()
        let columnTypes = LedgerEntry.columnTypes(of: schema)
        if resume, let found = try sink.readCheckpoint(key: start.key) {
            if let why = found.mismatch(sourceURI: start.sourceURI, sourceBytes: start.sourceBytes, columnTypes: columnTypes, mode: mode) {
                throw FerryError(.invalidRequest, stage: .validate,
                                 "the checkpoint of this load (job and target) in \(ChunkCheckpointTable.name) cannot be resumed: \(why); rerun with --no-resume (\"resume\": false) to start over")
            }
            state = found
            resumePosition = found.resume
            skipThrough = found.resume == nil ? found.lastLine : 0
            lastLine = found.lastLine
            emitter.emit(Checkpointed(found, resumed: true))
        } else {
            try sink.prepareStaging(start.stagingTable, schema: schema, key: start.key, ordered: mode == .upsert)
            var fresh = start
            fresh.columnTypes = columnTypes
            fresh.mode = mode
            fresh.updatedAt = Clock.unixMillis()
            state = fresh
        }
        try sink.begin(schema: schema, mode: .append, key: [])
    }

    /// Writes the rows after the checkpoint; rows an earlier run staged count as written.
    func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        var rows = batch
        var skipped = 0
        if skipThrough > 0 {
            if let last = batch.lines.last, last <= skipThrough { return batch.rowCount }
            if let first = batch.lines.first, first <= skipThrough {
                let keep = batch.lines.map { $0 > skipThrough }
                rows = batch.keeping(keep)
                skipped = batch.rowCount - rows.rowCount
            }
            skipThrough = 0
        }
        guard rows.rowCount > 0 else { return skipped }
        let written = try chunkSink().write(rows)
        rowsInChunk += rows.rowCount
        lastLine = rows.lines.last ?? lastLine
        if chunkIsFull() { try commitChunk() }
        return written + skipped
    }

    private func chunkIsFull() -> Bool {
        switch every {
        case let .rows(n): rowsInChunk >= n
        case let .bytes(n): bytesRead - bytesAtChunkStart >= n
        }
    }

    /// Commits the open chunk with its checkpoint, then opens the next one.
    private func commitChunk() throws(FerryError) {
        guard var next = state, let sink = chunk else { return }
        next.chunks += 1
        next.rowsStaged += rowsInChunk
        next.lastLine = lastLine
        next.bytesRead = bytesRead
        next.resume = position
        next.runID = start.runID
        next.updatedAt = Clock.unixMillis()
        try sink.saveCheckpoint(next)
        try sink.commit()
        chunk = nil
        state = next
        rowsInChunk = 0
        bytesAtChunkStart = bytesRead
        emitter.emit(Checkpointed(next, resumed: false))
        try chunkSink().begin(schema: schema, mode: .append, key: [])
    }

    /// The open chunk's sink, opening one when the last was committed.
    private func chunkSink() throws(FerryError) -> any ChunkStagingSink {
        if let chunk { return chunk }
        let opened = try openSink(start.stagingTable)
        forwarding.add(opened.interrupter)
        chunk = opened
        return opened
    }

    /// Commits the last chunk, then, in the target's transaction, moves every staged row into
    /// the target (in load order for upsert) and drops the staging table and checkpoint.
    func finish() throws(FerryError) -> Int? {
        if rowsInChunk > 0 {
            try commitChunk()
        }
        chunk?.rollback()
        chunk = nil
        try final.begin(schema: schema, mode: mode, key: key)
        let staged = state?.rowsStaged ?? 0
        let moved = try final.moveStaged(from: start.stagingTable, schema: schema, ordered: mode == .upsert, staged: staged)
        if moved != staged {
            final.rollback()
            throw FerryError(.internalError, stage: .commit,
                             "the staging table \(start.stagingTable) holds \(moved) rows where its checkpoint counts \(staged); nothing was moved")
        }
        try final.dropStaging(start.stagingTable, key: start.key)
        // Every staged row is written, the ones an earlier run staged included.
        return try final.finish() ?? moved
    }

    func record(_ entry: LedgerEntry) throws(FerryError) {
        try final.record(entry)
    }

    func commit() throws(FerryError) {
        try final.commit()
    }

    /// Rolls back the open chunk and the final move; committed chunks stay for the next run.
    func rollback() {
        chunk?.rollback()
        final.rollback()
    }

    func recordFailure(_ entry: LedgerEntry) {
        chunk?.rollback()
        final.recordFailure(entry)
    }
}

extension TypedBatch {
    /// The rows where `keep` is true, in order.
    func keeping(_ keep: [Bool]) -> TypedBatch {
        var kept = self
        for c in kept.columns.indices { kept.columns[c] = columns[c].keeping(keep) }
        kept.lines = lines.indices.filter { keep[$0] }.map { lines[$0] }
        return kept
    }
}
