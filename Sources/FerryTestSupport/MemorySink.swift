public import FerryCore
import Synchronization

/// A `BatchSink` that keeps committed rows as canonical text, with a table per name, and can be
/// told to fail at a given step. Lets engine tests check atomicity without a database.
public final class MemorySink: BatchSink {
    /// Canonical text rows of the committed table (nil = NULL).
    public private(set) var committed: [[String?]]?
    public private(set) var committedSchema: Schema?
    private var pending: [[String?]] = []
    private var schema: Schema?
    public private(set) var rolledBack = false
    /// Ledger rows: completed entries once their load committed, failed entries as recorded.
    public private(set) var ledger: [LedgerEntry] = []
    private var pendingLedger: [LedgerEntry] = []
    public var failOnWrite: Int?
    public var existing: [Column]?
    public var valueLimits: ValueLimits = .none
    public let interrupter: any Interrupter = Flag()
    private var writes = 0

    public init(existingRows: [[String?]]? = nil, existing: [Column]? = nil) {
        committed = existingRows
        self.existing = existing
    }

    public func existingColumns() throws(FerryError) -> [Column]? { existing }

    public func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) {
        if mode == .create, existing != nil {
            throw FerryError(.targetExists, stage: .load, "table exists")
        }
        self.schema = schema
        pending = mode == .append ? (committed ?? []) : []
    }

    public func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        writes += 1
        if let failOnWrite, writes >= failOnWrite {
            throw FerryError(.targetConstraint, stage: .load, "injected failure on write \(writes)")
        }
        for row in 0..<batch.rowCount {
            pending.append(batch.columns.map { $0.isNull[row] ? nil : ValueFormatter.text($0, row: row) })
        }
        return batch.rowCount
    }

    /// Keeps `entry` with the pending rows: it joins `ledger` at `commit`, or is dropped by `rollback`.
    public func record(_ entry: LedgerEntry) throws(FerryError) {
        pendingLedger.append(entry)
    }

    public func commit() throws(FerryError) {
        committed = pending
        committedSchema = schema
        ledger += pendingLedger
        pendingLedger = []
    }

    /// Appends `entry` to `ledger` at once, as its own transaction would.
    public func recordFailure(_ entry: LedgerEntry) {
        ledger.append(entry)
    }

    public func rollback() {
        rolledBack = true
        pending = []
        pendingLedger = []
    }

    /// Records that an interrupt arrived.
    public final class Flag: Interrupter {
        private let value = Mutex(false)
        public init() {}
        public func interrupt() { value.withLock { $0 = true } }
        public var wasInterrupted: Bool { value.withLock { $0 } }
    }
}

/// A `RejectSink` that keeps rejected records in memory.
public final class MemoryRejects: RejectSink {
    public let path: String
    public private(set) var records: [RejectedRecord] = []
    public private(set) var closed = false

    public init(path: String) { self.path = path }

    public func write(_ records: [RejectedRecord]) throws(FerryError) { self.records += records }
    public func close() throws(FerryError) { closed = true }
}
