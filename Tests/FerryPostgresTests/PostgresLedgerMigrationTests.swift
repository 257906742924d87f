import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Foundation
import Testing

/// A ledger table made by an older Ferry (without `column_types` and `target_oid`) is brought up
/// to date in place by the next load, and each row records the loaded table's oid.
@Suite("PostgreSQL load ledger: migration and table identity")
struct PostgresLedgerMigrationTests {
    static let schema = testSchema([("id", .bigint), ("name", .text)])

    /// The ledger as Ferry created it before it recorded column types and table oids.
    static let oldLedger = """
        CREATE TABLE ferry_loads (
            run_id text NOT NULL, job_name text NOT NULL, job_namespace text NOT NULL, target_table text NOT NULL,
            source_uri text NOT NULL, source_sha256 text, source_bytes bigint, rows_read bigint NOT NULL,
            rows_written bigint NOT NULL, rows_rejected bigint NOT NULL, mode text NOT NULL, status text NOT NULL,
            error_code text, started_at timestamptz NOT NULL, ended_at timestamptz NOT NULL, ferry_version text NOT NULL,
            PRIMARY KEY (run_id), CHECK (status IN ('completed', 'failed')));
        INSERT INTO ferry_loads VALUES ('old-run', 'j', 'ferry', '%SCHEMA%.t', 'a.csv', 'aa', 1, 1, 1, 0, 'replace',
            'completed', NULL, now() - interval '1 day', now() - interval '1 day', '0.1.0');
        """

    func entry(_ db: PostgresTestSchema, runID: RunID = RunID()) -> LedgerEntry {
        var entry = testLedgerEntry(runID, table: "\(db.schema).t", mode: .replace, rows: 1)
        entry.columnTypes = LedgerEntry.columnTypes(of: Self.schema)
        return entry
    }

    func loadT(_ db: PostgresTestSchema, runID: RunID = RunID()) throws {
        let sink = try db.sink("t", runID: runID)
        try sink.begin(schema: Self.schema, mode: .replace, key: [])
        _ = try sink.write(testBatch(Self.schema, [[.int(1), .text("a")]]))
        try sink.record(entry(db, runID: runID))
        try sink.commit()
    }

    @Test("a load adds the missing columns to a ledger an older Ferry made; old rows keep them null")
    func migratesOldLedger() throws {
        let db = try PostgresTestSchema()
        try db.psql(Self.oldLedger.replacingOccurrences(of: "%SCHEMA%", with: db.schema))
        // Before any load: the reader copes with the old columns and reports no identity.
        let old = try #require(try PostgresLedger.latest(for: db.endpoint("t")))
        #expect(old.runID == "old-run" && old.columnTypes == nil && old.recordedIdentity == nil && !old.tableExists)
        try loadT(db)
        let columns = try db.psql("""
            SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
            FROM pg_attribute WHERE attrelid = 'ferry_loads'::regclass AND attnum > 0 AND NOT attisdropped
            """)
        #expect(columns.hasSuffix("ferry_version text, column_types text, target_oid bigint, checks text"))
        #expect(try db.value("SELECT count(*) FROM ferry_loads WHERE run_id = 'old-run' AND target_oid IS NULL AND column_types IS NULL") == "1")
        // A second load finds the columns there and adds nothing (no error, one more row).
        try loadT(db)
        #expect(try db.value("SELECT count(*) FROM ferry_loads") == "3")
    }

    @Test("each row records the oid of the table the load left behind, and the reader compares it with the table's oid now")
    func recordsTheTableOID() throws {
        let db = try PostgresTestSchema()
        try loadT(db)
        #expect(try db.value("SELECT count(*) FROM ferry_loads WHERE target_oid = 't'::regclass::oid::bigint") == "1")
        let latest = try #require(try PostgresLedger.latest(for: db.endpoint("t")))
        #expect(latest.completed && latest.tableExists && latest.recordedIdentity != nil)
        #expect(latest.recordedIdentity == latest.currentIdentity)
        #expect(latest.columnTypes == LedgerEntry.columnTypes(of: Self.schema))
        // Recreated behind Ferry's back: another oid.
        try db.psql("DROP TABLE t; CREATE TABLE t (id bigint, name text)")
        let replaced = try #require(try PostgresLedger.latest(for: db.endpoint("t")))
        #expect(replaced.recordedIdentity == latest.recordedIdentity && replaced.currentIdentity != latest.recordedIdentity)
    }

    @Test("two loads that migrate the same old ledger at once both commit their rows")
    func concurrentMigration() throws {
        let db = try PostgresTestSchema()
        try db.psql(Self.oldLedger.replacingOccurrences(of: "%SCHEMA%", with: db.schema))
        // The first load migrates and writes its row, and holds its transaction open.
        let first = try db.sink("t")
        try first.begin(schema: Self.schema, mode: .replace, key: [])
        _ = try first.write(testBatch(Self.schema, [[.int(1), .text("a")]]))
        try first.record(entry(db))
        // The second, on its own thread, saw the columns missing too (the first's are not
        // committed) and waits for the first's lock on the ledger.
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do {
                let second = try db.sink("u")
                try second.begin(schema: Self.schema, mode: .replace, key: [])
                _ = try second.write(testBatch(Self.schema, [[.int(2), .text("b")]]))
                var row = testLedgerEntry(RunID(), table: "\(db.schema).u", mode: .replace, rows: 1)
                row.columnTypes = "[]"
                try second.record(row)
                try second.commit()
            } catch {
                outcome.error = "\(error)"
            }
            done.signal()
        }
        // Give the second load time to block on the lock (the test passes either way).
        Thread.sleep(forTimeInterval: 0.5)
        try first.commit()
        done.wait()
        #expect(outcome.error == nil)
        #expect(try db.value("SELECT count(*) FROM ferry_loads WHERE target_oid IS NOT NULL") == "2")
    }
}

/// The second thread's error, written before `done.signal()` and read after `done.wait()`: the
/// semaphore orders the two accesses, so no lock is needed.
private final class Outcome: @unchecked Sendable {
    var error: String?
}
