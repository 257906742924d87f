import FerryCore
@testable import FerryODBC
import FerryTestSupport
import Testing

/// A ledger table made by an older Ferry (without `column_types` and `target_oid`) gets those
/// columns from the next load through ODBC, on a system with transactional DDL (PostgreSQL) and
/// on one whose DDL commits (MariaDB, where the ledger is prepared before the load begins).
@Suite("ODBC load ledger: migration")
struct ODBCLedgerMigrationTests {
    static let schema = testSchema([("id", .bigint), ("v", .text)])

    /// The old ledger's columns; `text`/`timestamp` types as each system spells them.
    static func oldLedger(text: String, time: String) -> String {
        """
        CREATE TABLE "ferry_loads" ("run_id" VARCHAR(64) NOT NULL PRIMARY KEY, "job_name" \(text) NOT NULL,
            "job_namespace" \(text) NOT NULL, "target_table" \(text) NOT NULL, "source_uri" \(text) NOT NULL,
            "source_sha256" \(text), "source_bytes" bigint, "rows_read" bigint NOT NULL, "rows_written" bigint NOT NULL,
            "rows_rejected" bigint NOT NULL, "mode" \(text) NOT NULL, "status" \(text) NOT NULL, "error_code" \(text),
            "started_at" \(time) NOT NULL, "ended_at" \(time) NOT NULL, "ferry_version" \(text) NOT NULL)
        """
    }

    func entry(_ runID: RunID) -> LedgerEntry {
        var entry = ODBCSinkTests.entry(runID, status: .completed)
        entry.columnTypes = LedgerEntry.columnTypes(of: Self.schema)
        return entry
    }

    func load(_ sink: ODBCSink, _ runID: RunID) throws {
        try sink.begin(schema: Self.schema, mode: .create, key: [])
        _ = try sink.write(testBatch(Self.schema, [[.int(1), .text("a")]]))
        _ = try sink.finish()
        try sink.record(entry(runID))
        try sink.commit()
    }

    @Test("PostgreSQL through ODBC: the load adds the columns in its transaction and writes them")
    func postgres() throws {
        let db = try ODBCPostgresDatabase()
        try db.psql(Self.oldLedger(text: "text", time: "timestamptz"))
        let runID = RunID()
        try load(try db.sink("t", runID: runID), runID)
        #expect(try db.psql("""
            SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns
            WHERE table_schema = '\(db.schema)' AND table_name = 'ferry_loads' AND ordinal_position > 15
            """) == "ferry_version:text,column_types:text,target_oid:bigint,checks:text")
        #expect(try db.psql("SELECT column_types IS NOT NULL AND target_oid IS NULL FROM ferry_loads") == "t")
    }

    @Test("MariaDB: the columns are added before the load begins, and the row has them")
    func mariaDB() throws {
        let db = try ODBCMariaDBDatabase()
        try db.client(Self.oldLedger(text: "text", time: "DATETIME(6)"))
        let runID = RunID()
        try load(try db.sink("t", runID: runID), runID)
        #expect(try db.client(#"SELECT "column_types" IS NOT NULL, "target_oid" IS NULL FROM "ferry_loads""#) == ["1\t1"])
    }
}
