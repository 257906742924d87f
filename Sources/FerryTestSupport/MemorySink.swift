package import FerryCore
import Synchronization

/// A `BatchSink` that keeps committed rows as canonical text, with a table per name, and can be
/// told to fail at a given step. Lets engine tests check atomicity without a database.
package final class MemorySink: BatchSink {
    /// Canonical text rows of the committed table (nil = NULL).
    package private(set) var committed: [[String?]]?
    package private(set) var committedSchema: Schema?
    private var pending: [[String?]] = []
    private var schema: Schema?
    package private(set) var rolledBack = false
    /// Ledger rows: completed entries once their load committed, failed entries as recorded.
    package private(set) var ledger: [LedgerEntry] = []
    private var pendingLedger: [LedgerEntry] = []
    package var failOnWrite: Int?
    /// What the write `failOnWrite` names throws.
    package var failure = FerryError(.targetConstraint, stage: .load, "injected failure")
    package var existing: [Column]?
    package var valueLimits: ValueLimits = .none
    package let interrupter: any Interrupter = Flag()
    private var writes = 0

    package init(existingRows: [[String?]]? = nil, existing: [Column]? = nil) {
        committed = existingRows
        self.existing = existing
    }

    package func existingColumns() throws(FerryError) -> [Column]? { existing }

    /// Column changes handed over before `begin` (`on_schema_change`); kept, not applied.
    package private(set) var evolved: [SchemaChange] = []

    package func evolve(_ changes: [SchemaChange]) throws(FerryError) { evolved = changes }

    package func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) {
        if mode == .create, existing != nil {
            throw FerryError(.targetExists, stage: .load, "table exists")
        }
        self.schema = schema
        pending = mode == .append ? (committed ?? []) : []
    }

    package func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        writes += 1
        if let failOnWrite, writes >= failOnWrite {
            var error = failure
            error.message += " on write \(writes)"
            throw error
        }
        for row in 0..<batch.rowCount {
            pending.append(batch.columns.map { $0.isNull[row] ? nil : ValueFormatter.text($0, row: row) })
        }
        return batch.rowCount
    }

    /// Keeps `entry` with the pending rows: it joins `ledger` at `commit`, or is dropped by `rollback`.
    package func record(_ entry: LedgerEntry) throws(FerryError) {
        pendingLedger.append(entry)
    }

    package func commit() throws(FerryError) {
        committed = pending
        committedSchema = schema
        ledger += pendingLedger
        pendingLedger = []
    }

    /// Appends `entry` to `ledger` at once, as its own transaction would.
    package func recordFailure(_ entry: LedgerEntry) {
        ledger.append(entry)
    }

    package func rollback() {
        rolledBack = true
        pending = []
        pendingLedger = []
    }

    /// Records that an interrupt arrived.
    package final class Flag: Interrupter {
        private let value = Mutex(false)
        package init() {}
        package func interrupt() { value.withLock { $0 = true } }
        package var wasInterrupted: Bool { value.withLock { $0 } }
    }
}

/// A `RejectSink` that keeps rejected records in memory.
package final class MemoryRejects: RejectSink {
    package let path: String
    package private(set) var records: [RejectedRecord] = []
    package private(set) var closed = false

    package init(path: String) { self.path = path }

    package func write(_ records: [RejectedRecord]) throws(FerryError) { self.records += records }
    package func close() throws(FerryError) { closed = true }
    /// Forgets the records written so far, as a retried attempt's reject file is dropped.
    package func discard() { records = [] }
}
