/// The one lifecycle of a database load, for every database connector: `begin` opens the
/// transaction, batches are written, `finish` completes staged work, the ledger row goes in
/// with the data (`record`), and `commit` makes it all visible at once. A step that throws rolls
/// the transaction back before the error goes on, so a failed load leaves the target exactly as
/// it was; a failed load is then recorded in a transaction of its own.
///
/// The connector supplies its statements as a `TransactionalTarget`.
package final class TransactionalSink<Target: TransactionalTarget>: BatchSink {
    /// Where the sink is in its life.
    private enum Phase {
        case ready
        /// `finished` holds `finish`'s result once it ran (`.some(nil)`: ran, nothing merged).
        case loading(Target.Load, finished: Int??)
        case committed
        /// Rolled back: nothing more to do.
        case finished
    }

    /// The connector's side of the load.
    package let target: Target
    private var phase = Phase.ready
    /// For `upsert` and `update` on targets that stage rows: the rows merged, once `finish` ran.
    package private(set) var rowsMerged: Int?

    package init(_ target: Target) {
        self.target = target
    }

    deinit {
        if case .loading = phase { rollback() }
    }

    package var valueLimits: ValueLimits { target.valueLimits }
    package var interrupter: any Interrupter { target.interrupter }
    package var foldsColumnNameCase: Bool { target.foldsColumnNameCase }

    package func existingColumns() throws(FerryError) -> [Column]? {
        try target.existingColumns()
    }

    package func evolve(_ changes: [SchemaChange]) throws(FerryError) {
        try target.evolve(changes)
    }

    /// The load in progress (for connectors' tests and measurements).
    package var activeLoad: Target.Load? {
        if case let .loading(load, _) = phase { return load }
        return nil
    }

    package func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) {
        guard case .ready = phase else {
            throw FerryError(.internalError, stage: .load, "the sink for \(target.targetName) was already used")
        }
        do throws(FerryError) {
            if target.isInterrupted { throw cancelledError() }
            phase = .loading(try target.begin(schema: schema, mode: mode, key: key), finished: nil)
        } catch {
            rollback()
            throw error
        }
    }

    package func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        let load = try loading("writing")
        if target.isInterrupted { throw cancelledError() }
        return try target.write(batch, to: load)
    }

    package func finish() throws(FerryError) -> Int? {
        do throws(FerryError) {
            return try finishOnce()
        } catch {
            rollback()
            throw error
        }
    }

    /// Adds the ledger row inside the open transaction; where `finish` merged staged rows, the
    /// row counts the merged rows as written.
    package func record(_ entry: LedgerEntry) throws(FerryError) {
        let load = try loading("recording the load of")
        do throws(FerryError) {
            var entry = entry
            if let merged = try finishOnce() { entry.rowsWritten = merged }
            if target.isInterrupted { throw cancelledError() }
            try target.insertLedgerRow(entry, load: load)
        } catch {
            rollback()
            throw error
        }
    }

    package func commit() throws(FerryError) {
        let load = try loading("committing")
        do throws(FerryError) {
            _ = try finishOnce()
            if target.isInterrupted { throw cancelledError() }
            try target.commit(load)
            phase = .committed
        } catch {
            rollback()
            throw error
        }
    }

    package func recordFailure(_ entry: LedgerEntry) {
        switch phase {
        case .ready, .loading: rollback()
        case .committed, .finished: break
        }
        target.recordFailure(entry)
    }

    package func rollback() {
        switch phase {
        case .committed, .finished:
            return
        case .ready:
            phase = .finished
            target.rollback(nil)
        case let .loading(load, _):
            phase = .finished
            target.rollback(load)
        }
    }

    /// Runs the target's `finish` the first time it is asked for.
    private func finishOnce() throws(FerryError) -> Int? {
        let load = try loading("finishing")
        if case let .loading(_, finished?) = phase { return finished }
        let merged = try target.finish(load)
        phase = .loading(load, finished: .some(merged))
        rowsMerged = merged
        return merged
    }

    private func loading(_ action: String) throws(FerryError) -> Target.Load {
        guard case let .loading(load, _) = phase else {
            throw FerryError(.internalError, stage: .load, "\(action) \(target.targetName) before the load began")
        }
        return load
    }

    private func cancelledError() -> FerryError {
        FerryError(.cancelled, stage: .cancelled, "the load into \(target.targetName) was interrupted")
    }
}
