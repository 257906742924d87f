/// Writes typed batches into a target, atomically: nothing is visible until `commit` succeeds,
/// and `rollback` (or a crash) leaves the target exactly as it was.
///
/// Used from one thread. `interrupter` is the one part that may be called from another.
package protocol BatchSink: AnyObject {
    /// What the target stores exactly; values beyond these are rejected before `write`.
    var valueLimits: ValueLimits { get }

    /// The existing target's columns, or nil when the target does not exist yet.
    func existingColumns() throws(FerryError) -> [Column]?

    /// Takes changes to the existing table's columns (`on_schema_change`) that `begin` makes
    /// inside the load's transaction; throws (`unsupported`, exit 3) before anything is touched
    /// when the target cannot make one of them.
    func evolve(_ changes: [SchemaChange]) throws(FerryError)

    /// Starts the load: opens the transaction and prepares tables for `mode`.
    func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError)

    /// Writes one batch; returns the rows it wrote (for `update`: the rows that matched a key).
    func write(_ batch: TypedBatch) throws(FerryError) -> Int

    /// Completes staged work after the last batch, inside the open transaction (merging a staging
    /// table into the target for upsert/update); returns the rows written when only now known,
    /// nil when `write`'s counts stand.
    func finish() throws(FerryError) -> Int?

    /// Adds the load's ledger row inside the open transaction, just before `commit`, so the row
    /// exists exactly when the data landed. Targets without a ledger (files) record nothing.
    func record(_ entry: LedgerEntry) throws(FerryError)

    /// Makes the load visible. After a failure here the target is still unchanged.
    func commit() throws(FerryError)

    /// Records a failed load in its own transaction, after `rollback`; best effort (a target
    /// that cannot be reached cannot record it). Targets without a ledger record nothing.
    func recordFailure(_ entry: LedgerEntry)

    /// Undoes everything since `begin`; safe to call at any time, more than once.
    func rollback()

    /// Stops blocking work from another thread (signal handling).
    var interrupter: any Interrupter { get }

    /// Whether the target takes column names that differ only in ASCII letter case for one name
    /// (SQLite, MySQL): the engine then refuses `a` and `A` before anything is written.
    var foldsColumnNameCase: Bool { get }

    /// Whether `record` keeps the ledger row (database targets); file targets keep none, and the
    /// load then spares the source hashing its bytes for it (`RecordSource.skipFingerprint`).
    var keepsLedger: Bool { get }
}

extension BatchSink {
    package var foldsColumnNameCase: Bool { false }
    package var keepsLedger: Bool { true }

    /// Targets without tables to change refuse any change.
    package func evolve(_ changes: [SchemaChange]) throws(FerryError) {
        guard let first = changes.first else { return }
        throw FerryError(.unsupported, stage: .validate, "\(valueLimits.targetName) targets cannot change columns (column \"\(first.column)\")")
    }
}

/// Interrupts a blocking call of a connection from another thread (`sqlite3_interrupt`,
/// `PQcancel`, `SQLCancel`).
package protocol Interrupter: Sendable {
    func interrupt()
}
