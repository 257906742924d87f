/// What a database connector supplies to `TransactionalSink`: its statements for each step of a
/// load, and nothing of the lifecycle (phases, rollback when a step throws, the ledger row in
/// the data's transaction, the failed load's row in a transaction of its own), which
/// `TransactionalSink` owns for every database.
///
/// Used from one thread, except `interrupter`.
package protocol TransactionalTarget: AnyObject {
    /// The state of one load in progress (its writer, staging tables, what is left to finish).
    associatedtype Load

    /// How messages name the target: `table "orders"`, `"raw"."orders"`.
    var targetName: String { get }
    /// What the target stores exactly.
    var valueLimits: ValueLimits { get }
    /// Stops the connection's blocking work from another thread.
    var interrupter: any Interrupter { get }
    /// Whether the interrupter fired (checked before each step).
    var isInterrupted: Bool { get }
    /// Whether names differing only in ASCII letter case are one column name here.
    var foldsColumnNameCase: Bool { get }

    /// The existing table's columns, or nil when it does not exist.
    func existingColumns() throws(FerryError) -> [Column]?
    /// Takes the changes to the table's columns that `begin` makes in the load's transaction;
    /// throws before anything is touched when it cannot make them. No default: each database
    /// target says which changes it can make.
    func evolve(_ changes: [SchemaChange]) throws(FerryError)
    /// Checks the load against the target, opens the transaction and prepares the table for
    /// `mode`. When this throws, `rollback(nil)` follows.
    func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) -> Load
    /// Writes one batch; returns the rows written (for `update`: the rows whose key matched).
    func write(_ batch: TypedBatch, to load: Load) throws(FerryError) -> Int
    /// Completes staged work inside the transaction (ends a COPY, merges a staging table, swaps a
    /// new table in); called once. Returns the rows merged when only now known, else nil.
    func finish(_ load: Load) throws(FerryError) -> Int?
    /// Inserts the load's ledger row in the open transaction.
    func insertLedgerRow(_ entry: LedgerEntry, load: Load) throws(FerryError)
    /// Commits the transaction.
    func commit(_ load: Load) throws(FerryError)
    /// Undoes everything since `begin` (`load` is nil when `begin` did not get that far). Never
    /// fails: when a rollback cannot be sent, the connection is closed, which rolls back too.
    func rollback(_ load: Load?)
    /// Records a failed load in a transaction of its own, after the rollback; best effort.
    func recordFailure(_ entry: LedgerEntry)
}

extension TransactionalTarget {
    package var foldsColumnNameCase: Bool { false }
}

/// A load in progress that writes its own batches and finishes its own staged work: a target
/// whose `Load` is one needs no `write(_:to:)` or `finish(_:)` of its own.
package protocol TargetLoad: AnyObject {
    /// Writes one batch; returns the rows written (for `update`: the rows whose key matched).
    func write(_ batch: TypedBatch) throws(FerryError) -> Int
    /// Completes staged work inside the transaction; returns the rows merged when only now
    /// known, else nil. Runs once.
    func finish() throws(FerryError) -> Int?
}

extension TransactionalTarget where Load: TargetLoad {
    package func write(_ batch: TypedBatch, to load: Load) throws(FerryError) -> Int {
        try load.write(batch)
    }

    package func finish(_ load: Load) throws(FerryError) -> Int? {
        try load.finish()
    }
}
