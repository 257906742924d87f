/// A database target's side of chunked loads (Docs/many-files.md, "Chunked, resumable loads"):
/// the staging table that collects committed chunks, the checkpoint row that says how far they
/// go, and the move of the staged rows into the target inside the final load's transaction.
package protocol ChunkStagingTarget: TransactionalTarget {
    /// The checkpoint stored under `key`, or nil (none, or no checkpoint table yet). Outside any load.
    func readCheckpoint(key: String) throws(FerryError) -> ChunkCheckpoint?
    /// Starts a chunked load afresh, in a transaction of its own: drops a staging table `table`
    /// left by an earlier load and the checkpoint under `key`, and creates `table` for `schema`
    /// (plus, when the final move is `ordered`, a way to read the rows back in load order).
    func prepareStaging(_ table: String, schema: Schema, key: String, ordered: Bool) throws(FerryError)
    /// Replaces the checkpoint row in the transaction of `load`, the chunk it describes.
    func saveCheckpoint(_ checkpoint: ChunkCheckpoint, load: Load) throws(FerryError)
    /// Copies every row of the staging table `table` into the table `load` writes (the target,
    /// its replacement, or the merge's staging table), in load order when `ordered`; returns the
    /// rows copied. A new table without a key instead becomes the staging table itself (renamed),
    /// which copies nothing and returns `staged`, the rows the committed checkpoints count (each
    /// chunk's rows and its checkpoint commit together; counting them again would scan the whole
    /// table). In the load's transaction, before any batch is written.
    func moveStaged(from table: String, schema: Schema, ordered: Bool, staged: Int, load: Load) throws(FerryError) -> Int
    /// Drops the staging table `table` and deletes the checkpoint under `key`, in `load`'s transaction.
    func dropStaging(_ table: String, key: String, load: Load) throws(FerryError)
}

/// A sink whose target stages chunked loads: `TransactionalSink` over a `ChunkStagingTarget`.
package protocol ChunkStagingSink: BatchSink {
    /// See `ChunkStagingTarget.readCheckpoint(key:)`.
    func readCheckpoint(key: String) throws(FerryError) -> ChunkCheckpoint?
    /// See `ChunkStagingTarget.prepareStaging(_:schema:key:ordered:)`; before `begin`.
    func prepareStaging(_ table: String, schema: Schema, key: String, ordered: Bool) throws(FerryError)
    /// See `ChunkStagingTarget.saveCheckpoint(_:load:)`; between `begin` and `commit`.
    func saveCheckpoint(_ checkpoint: ChunkCheckpoint) throws(FerryError)
    /// See `ChunkStagingTarget.moveStaged(from:schema:ordered:staged:load:)`; right after `begin`.
    func moveStaged(from table: String, schema: Schema, ordered: Bool, staged: Int) throws(FerryError) -> Int
    /// See `ChunkStagingTarget.dropStaging(_:key:load:)`; before `commit`.
    func dropStaging(_ table: String, key: String) throws(FerryError)
}

extension TransactionalSink: ChunkStagingSink where Target: ChunkStagingTarget {
    package func readCheckpoint(key: String) throws(FerryError) -> ChunkCheckpoint? {
        try target.readCheckpoint(key: key)
    }

    package func prepareStaging(_ table: String, schema: Schema, key: String, ordered: Bool) throws(FerryError) {
        try target.prepareStaging(table, schema: schema, key: key, ordered: ordered)
    }

    package func saveCheckpoint(_ checkpoint: ChunkCheckpoint) throws(FerryError) {
        try inLoad("saving the checkpoint of") { load throws(FerryError) in try target.saveCheckpoint(checkpoint, load: load) }
    }

    package func moveStaged(from table: String, schema: Schema, ordered: Bool, staged: Int) throws(FerryError) -> Int {
        try inLoad("moving the staged rows into") { load throws(FerryError) in
            try target.moveStaged(from: table, schema: schema, ordered: ordered, staged: staged, load: load)
        }
    }

    package func dropStaging(_ table: String, key: String) throws(FerryError) {
        try inLoad("dropping the staging table of") { load throws(FerryError) in try target.dropStaging(table, key: key, load: load) }
    }

    /// Runs `step` on the load in progress; rolls back when it throws, as every step does.
    private func inLoad<T>(_ action: String, _ step: (Target.Load) throws(FerryError) -> T) throws(FerryError) -> T {
        guard let load = activeLoad else {
            throw FerryError(.internalError, stage: .load, "\(action) \(target.targetName) outside a load")
        }
        do throws(FerryError) {
            if target.isInterrupted {
                throw FerryError(.cancelled, stage: .cancelled, "the load into \(target.targetName) was interrupted")
            }
            return try step(load)
        } catch {
            rollback()
            throw error
        }
    }
}

/// An endpoint whose sinks stage chunked loads (PostgreSQL, SQLite).
package protocol ChunkStagingEndpoint: Sendable {
    /// A sink for the endpoint's table, or for `table` (a staging table in the same database and
    /// schema) when given: one COPY stream, no parallel staging of its own.
    func openStagingSink(_ context: ConnectorContext, table: String?) throws(FerryError) -> any ChunkStagingSink
}
