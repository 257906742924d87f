import FerryTestSupport
import FerryCore
@testable import FerrySQLite
import Testing

@Suite("SQLite load ledger")
struct SQLiteLedgerTests {
    let schema = testSchema([("id", .bigint), ("name", .text)])

    /// 2023-11-14 22:13:20 UTC.
    static let started: Int64 = 1_700_000_000_000

    func entry(
        _ runID: RunID = RunID(), status: LedgerEntry.Status = .completed, mode: LoadMode = .append,
        rowsRead: Int = 3, rowsWritten: Int = 3, rowsRejected: Int = 0, errorCode: String? = nil,
        sha256: String? = String(repeating: "ab", count: 32), bytes: Int? = 42
    ) -> LedgerEntry {
        LedgerEntry(
            runID: runID, job: Job(name: "orders daily", namespace: "shop"), targetTable: "t", sourceURI: "data/orders.csv",
            sourceSHA256: sha256, sourceBytes: bytes, rowsRead: rowsRead, rowsWritten: rowsWritten,
            rowsRejected: rowsRejected, mode: mode, status: status, startedAt: Self.started,
            endedAt: Self.started + 1_505, errorCode: errorCode, ferryVersion: "0.3.0")
    }

    func rows(_ count: Int, from start: Int = 100) -> [[TestValue?]] {
        (0..<count).map { [.int(Int64(start + $0)), .text("row \(start + $0)")] }
    }

    /// Every ledger column of every row, by run id, with SQLite's storage class of the counts.
    func ledger(_ db: SQLiteTestDatabase) throws -> [[String?]] {
        try db.rows("""
            SELECT run_id, job_name, job_namespace, target_table, source_uri, source_sha256, source_bytes,
                   rows_read, rows_written, rows_rejected, mode, status, error_code, started_at, ended_at,
                   ferry_version, typeof(rows_written)
            FROM ferry_loads ORDER BY started_at, run_id
            """)
    }

    func ledgerExists(_ db: SQLiteTestDatabase) throws -> Bool {
        try db.value("SELECT count(*) FROM sqlite_master WHERE name = 'ferry_loads'") == "1"
    }

    func seeded() throws -> SQLiteTestDatabase {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two')")
        return db
    }

    @Test("a completed load has exactly one completed ledger row whose counts match the load")
    func completedLoad() throws {
        let db = SQLiteTestDatabase()
        let sink = try db.sink("t")
        let runID = RunID()
        try sink.begin(schema: schema, mode: .create, key: [])
        let written = try sink.write(testBatch(schema, rows(3)))
        try sink.record(entry(runID, mode: .create, rowsRead: 4, rowsWritten: written, rowsRejected: 1))
        try sink.commit()
        #expect(try ledger(db) == [[
            runID.description, "orders daily", "shop", "t", "data/orders.csv", String(repeating: "ab", count: 32), "42",
            "4", "3", "1", "create", "completed", nil, "2023-11-14 22:13:20.000Z", "2023-11-14 22:13:21.505Z",
            "0.3.0", "integer",
        ]])
        #expect(try db.value("SELECT count(*) FROM t") == "3")
    }

    @Test("the ledger row belongs to the load's transaction: a rollback after record leaves no row and no ledger table")
    func rollbackAfterRecord() throws {
        let db = try seeded()
        let before = try db.schemaSnapshot()
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .append, key: [])
        _ = try sink.write(testBatch(schema, rows(3)))
        try sink.record(entry())
        // Another connection sees neither the rows nor the ledger before the commit.
        #expect(try !ledgerExists(db))
        sink.rollback()
        #expect(try !ledgerExists(db))
        #expect(try db.schemaSnapshot() == before)
        #expect(try db.rows("SELECT * FROM t ORDER BY id") == [["1", "one"], ["2", "two"]])
    }

    @Test("recordFailure writes a failed row with the error code; the target keeps its rows")
    func recordFailure() throws {
        let db = try seeded()
        let sink = try db.sink("t")
        let runID = RunID()
        try sink.begin(schema: schema, mode: .append, key: [])
        _ = try sink.write(testBatch(schema, rows(3)))
        let error = ferryError { _ = try sink.write(testBatch(schema, [[.int(1), .text("duplicate id")]])) }
        #expect(error?.code == .targetConstraint)
        sink.rollback()
        sink.recordFailure(entry(runID, status: .failed, rowsWritten: 0, errorCode: error?.code.rawValue))
        let rows = try ledger(db)
        #expect(rows.count == 1)
        #expect(rows.first?[0] == runID.description)
        #expect(rows.first?[8] == "0")
        #expect(rows.first?[11] == "failed")
        #expect(rows.first?[12] == "target_constraint")
        #expect(try db.rows("SELECT * FROM t ORDER BY id") == [["1", "one"], ["2", "two"]])
    }

    @Test("recordFailure on a load still open rolls the load back before recording")
    func recordFailureRollsBackOpenLoad() throws {
        let db = try seeded()
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .truncate, key: [])
        _ = try sink.write(testBatch(schema, rows(3)))
        sink.recordFailure(entry(status: .failed, rowsWritten: 0, errorCode: "cancelled"))
        #expect(try db.rows("SELECT * FROM t ORDER BY id") == [["1", "one"], ["2", "two"]])
        #expect(try db.rows("SELECT status, error_code FROM ferry_loads") == [["failed", "cancelled"]])
        #expect(ferryError { try sink.commit() }?.code == .internalError)
        #expect(try db.value("SELECT count(*) FROM t") == "2")
    }

    @Test("a failure to record fails the load, and its data is rolled back with it")
    func recordFailureFailsLoad() throws {
        let db = try seeded()
        let first = entry()
        try load(db.sink("t"), schema, mode: .append, [testBatch(schema, rows(3))], ledger: first)
        let before = try db.rows("SELECT * FROM t ORDER BY id")
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .replace, key: [])
        _ = try sink.write(testBatch(schema, rows(5, from: 500)))
        // The same run id again: the ledger's primary key refuses it.
        let error = ferryError { try sink.record(first) }
        #expect(error?.code == .targetConstraint)
        #expect(error?.message.contains("ledger table \"ferry_loads\"") == true)
        #expect(error?.message.contains(first.runID.description) == false)
        #expect(ferryError { try sink.commit() }?.code == .internalError)
        #expect(try db.rows("SELECT * FROM t ORDER BY id") == before)
        #expect(try ledger(db).count == 1)
    }

    @Test("a ledger table of another shape fails the load instead of being changed")
    func foreignLedgerTable() throws {
        let db = try seeded()
        try db.execute("CREATE TABLE ferry_loads (run_id TEXT PRIMARY KEY, note TEXT)")
        let before = try db.schemaSnapshot()
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .append, key: [])
        _ = try sink.write(testBatch(schema, rows(3)))
        let error = ferryError { try sink.record(entry()) }
        #expect(error?.stage == .commit)
        #expect(error?.message.contains("ferry_loads") == true)
        #expect(try db.schemaSnapshot() == before)
        #expect(try db.value("SELECT count(*) FROM t") == "2")
        #expect(try db.value("SELECT count(*) FROM ferry_loads") == "0")
    }

    @Test("replacing the target table keeps every earlier ledger row")
    func replaceKeepsLedger() throws {
        let db = try seeded()
        let first = entry(mode: .replace)
        let second = entry(mode: .replace, rowsRead: 2, rowsWritten: 2)
        try load(db.sink("t"), schema, mode: .replace, [testBatch(schema, rows(3))], ledger: first)
        try load(db.sink("t"), schema, mode: .replace, [testBatch(schema, rows(2, from: 900))], ledger: second)
        #expect(try db.rows("SELECT id FROM t ORDER BY id") == [["900"], ["901"]])
        let runs = try db.rows("SELECT run_id, rows_written, status FROM ferry_loads ORDER BY rowid")
        #expect(runs == [[first.runID.description, "3", "completed"], [second.runID.description, "2", "completed"]])
    }

    @Test("a load into the ledger table itself is refused, in any letter case, before the file is touched", arguments: ["ferry_loads", "FERRY_Loads"])
    func loadIntoLedgerRefused(name: String) throws {
        let db = SQLiteTestDatabase(name: "new.db")
        let error = ferryError { _ = try db.sink(name) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.stage == .validate)
        #expect(error?.message.contains("load ledger") == true)
        #expect(!db.exists)
        #expect(!LedgerTable.isLedger("ferry_loads2"))
        #expect(!LedgerTable.isLedger("main.ferry_loads"))
    }

    @Test("a failed load into a database file it created records nothing and leaves no file")
    func failedLoadIntoNewFile() throws {
        let db = SQLiteTestDatabase(name: "new.db")
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .create, key: [])
        _ = try sink.write(testBatch(schema, rows(3)))
        sink.rollback()
        sink.recordFailure(entry(status: .failed, rowsWritten: 0, errorCode: "cancelled"))
        #expect(!db.exists)
    }

    @Test("recordFailure after a load that failed in begin records into the existing database")
    func failureBeforeBegin() throws {
        let db = try seeded()
        let sink = try db.sink("t")
        let error = ferryError { try sink.begin(schema: schema, mode: .create, key: []) }
        #expect(error?.code == .targetExists)
        sink.recordFailure(entry(status: .failed, mode: .create, rowsRead: 0, rowsWritten: 0, errorCode: error?.code.rawValue, sha256: nil, bytes: nil))
        #expect(try db.rows("SELECT status, error_code, source_sha256, source_bytes FROM ferry_loads") == [["failed", "target_exists", nil, nil]])
    }

    @Test("ledger times are fixed-width UTC text with milliseconds, so text order is time order")
    func timestampText() {
        #expect(LedgerTable.timestampText(unixMillis: 0) == "1970-01-01 00:00:00.000Z")
        #expect(LedgerTable.timestampText(unixMillis: 1_700_000_000_500) == "2023-11-14 22:13:20.500Z")
        #expect(LedgerTable.timestampText(unixMillis: 1_700_000_000_007) == "2023-11-14 22:13:20.007Z")
        #expect(LedgerTable.timestampText(unixMillis: -1) == "1969-12-31 23:59:59.999Z")
        let times: [Int64] = [1_700_000_000_000, 1_700_000_000_005, 1_700_000_000_050, 1_700_000_000_500, 1_700_000_001_000]
        let texts = times.map(LedgerTable.timestampText(unixMillis:))
        #expect(texts.sorted() == texts)
    }
}

/// Runs a whole load with a ledger row: begin, write every batch, record, commit.
private func load(_ sink: SQLiteSink, _ schema: Schema, mode: LoadMode, _ batches: [TypedBatch], ledger: LedgerEntry) throws {
    try sink.begin(schema: schema, mode: mode, key: [])
    for batch in batches { _ = try sink.write(batch) }
    try sink.record(ledger)
    try sink.commit()
}
