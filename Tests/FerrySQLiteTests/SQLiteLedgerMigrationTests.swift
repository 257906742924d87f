import FerryCore
@testable import FerrySQLite
import FerryTestSupport
import Testing

/// A ledger table made by an older Ferry (without `column_types` and `target_oid`) is brought up
/// to date in place by the next load; SQLite records no table identity.
@Suite("SQLite load ledger: migration")
struct SQLiteLedgerMigrationTests {
    let schema = testSchema([("id", .bigint), ("name", .text)])

    /// The ledger as Ferry created it before it recorded column types and table oids.
    static let oldLedger = """
        CREATE TABLE "ferry_loads" (
            "run_id" TEXT NOT NULL, "job_name" TEXT NOT NULL, "job_namespace" TEXT NOT NULL, "target_table" TEXT NOT NULL,
            "source_uri" TEXT NOT NULL, "source_sha256" TEXT, "source_bytes" INTEGER, "rows_read" INTEGER NOT NULL,
            "rows_written" INTEGER NOT NULL, "rows_rejected" INTEGER NOT NULL, "mode" TEXT NOT NULL, "status" TEXT NOT NULL,
            "error_code" TEXT, "started_at" TIMESTAMPTZ NOT NULL, "ended_at" TIMESTAMPTZ NOT NULL, "ferry_version" TEXT NOT NULL,
            PRIMARY KEY ("run_id"), CHECK ("status" IN ('completed', 'failed')));
        INSERT INTO ferry_loads VALUES ('old-run', 'j', 'ferry', 't', 'a.csv', 'aa', 1, 1, 1, 0, 'replace',
            'completed', NULL, '2020-01-01 00:00:00.000Z', '2020-01-01 00:00:01.000Z', '0.1.0');
        """

    func load(_ db: SQLiteTestDatabase) throws {
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .replace, key: [])
        _ = try sink.write(testBatch(schema, [[.int(1), .text("a")]]))
        try sink.record(LedgerEntry(
            runID: RunID(), job: Job(name: "j"), targetTable: "t", sourceURI: "a.csv", sourceSHA256: "bb", sourceBytes: 2,
            rowsRead: 1, rowsWritten: 1, rowsRejected: 0, mode: .replace, status: .completed, startedAt: 1_700_000_000_000,
            endedAt: 1_700_000_001_000, errorCode: nil, ferryVersion: "test", columnTypes: LedgerEntry.columnTypes(of: schema)))
        try sink.commit()
    }

    @Test("a load adds the missing columns to an older ledger, old rows keep them null, and the reader sees the new row")
    func migratesOldLedger() throws {
        let db = SQLiteTestDatabase()
        try db.execute(Self.oldLedger)
        let old = try #require(try SQLiteLedger.latest(for: db.endpoint("t")))
        #expect(old.runID == "old-run" && old.columnTypes == nil && !old.tableExists)
        try load(db)
        let columns = try db.rows("SELECT name, type FROM pragma_table_info('ferry_loads') WHERE cid >= 15")
        #expect(columns == [["ferry_version", "TEXT"], ["column_types", "TEXT"], ["target_oid", "INTEGER"], ["checks", "TEXT"]])
        #expect(try db.value("SELECT count(*) FROM ferry_loads WHERE run_id = 'old-run' AND column_types IS NULL") == "1")
        try load(db)
        #expect(try db.value("SELECT count(*) FROM ferry_loads WHERE column_types IS NOT NULL AND target_oid IS NULL") == "2")
        let latest = try #require(try SQLiteLedger.latest(for: db.endpoint("t")))
        #expect(latest.completed && latest.tableExists && latest.sourceSHA256 == "bb")
        #expect(latest.columnTypes == LedgerEntry.columnTypes(of: schema))
        #expect(latest.recordedIdentity == nil && latest.currentIdentity == nil)
    }

    @Test("the reader finds nothing in a missing file or a database without a ledger, and creates no file")
    func nothingToRead() throws {
        let db = SQLiteTestDatabase()
        #expect(try SQLiteLedger.latest(for: db.endpoint("t")) == nil)
        #expect(!db.exists)
        try db.execute("CREATE TABLE t (id INTEGER)")
        #expect(try SQLiteLedger.latest(for: db.endpoint("t")) == nil)
    }
}
