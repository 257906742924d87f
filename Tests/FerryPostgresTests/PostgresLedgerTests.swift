import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// The load ledger, `<schema>.ferry_loads`.
@Suite("PostgreSQL load ledger")
struct PostgresLedgerTests {
    static let schema = testSchema([("id", .bigint), ("name", .text)])

    @Test("the ledger row is written in the load's transaction and appears with the data")
    func sameTransaction() throws {
        let db = try PostgresTestSchema()
        let runID = RunID()
        let sink = try db.sink("t", runID: runID)
        try sink.begin(schema: Self.schema, mode: .create, key: [])
        _ = try sink.write(testBatch(Self.schema, [[.int(1), .text("a")]]))
        try sink.record(testLedgerEntry(runID, table: "t", mode: .create, rows: 1))
        // Another session sees neither the table nor the ledger before COMMIT.
        #expect(try db.tables().isEmpty)
        try sink.commit()
        #expect(try db.tables() == ["ferry_loads", "t"])
        let row = try db.psql("""
            SELECT run_id, job_name, job_namespace, target_table, source_uri, source_sha256, source_bytes, rows_read,
                   rows_written, rows_rejected, mode, status, coalesce(error_code, '-'), started_at, ended_at, ferry_version
            FROM ferry_loads
            """)
        #expect(row == "\(runID)|test job|ferry|t|memory.csv|ab\(String(repeating: "0", count: 62))|123|1|1|0|create|completed|-|2023-11-14 22:13:20.123+00|2023-11-14 22:13:21.456+00|test")
    }

    @Test("the ledger is never a target, in any letter case, so no load can forge its rows", arguments: ["ferry_loads", "FERRY_LOADS", "Ferry_Loads"])
    func ledgerIsNotATarget(table: String) throws {
        let db = try PostgresTestSchema()
        do {
            _ = try db.sink(table)
            Issue.record("a sink for \(table) was made")
        } catch let error as FerryError {
            #expect(error.code == .invalidRequest)
            #expect(error.message.contains("is Ferry's load ledger"))
        }
        #expect(try db.tables().isEmpty)
    }

    @Test("a temporary schema is never a target: its table would vanish with the connection", arguments: ["pg_temp", "PG_TEMP", "pg_temp_3"])
    func temporarySchema(schema: String) throws {
        do {
            _ = try PostgresSink(endpoint: PostgresEndpoint(schema: schema, table: "t"), runID: RunID())
            Issue.record("a sink for \(schema).t was made")
        } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.message.hasPrefix("$.target.schema: "))
        }
    }

    @Test("the ledger has the SQLite ledger's columns")
    func columns() throws {
        let db = try PostgresTestSchema()
        let sink = try db.sink("t")
        try load(sink, Self.schema, mode: .create, [])
        _ = sink
        let recorder = try db.sink("t")
        try recorder.begin(schema: Self.schema, mode: .append, key: [])
        try recorder.record(testLedgerEntry(RunID(), table: "t", mode: .append))
        try recorder.commit()
        let columns = try db.psql("""
            SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
            FROM pg_attribute WHERE attrelid = 'ferry_loads'::regclass AND attnum > 0
            """)
        #expect(columns == "run_id text, job_name text, job_namespace text, target_table text, source_uri text, source_sha256 text, source_bytes bigint, rows_read bigint, rows_written bigint, rows_rejected bigint, mode text, status text, error_code text, started_at timestamp with time zone, ended_at timestamp with time zone, ferry_version text, column_types text, target_oid bigint, checks text")
        #expect(try db.value("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ferry_loads'::regclass AND contype = 'p'") == "PRIMARY KEY (run_id)")
    }

    @Test("a failed load is recorded after the rollback, in its own transaction")
    func failure() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'x')")
        let runID = RunID()
        let sink = try db.sink("t", runID: runID)
        try sink.begin(schema: Self.schema, mode: .append, key: [])
        let error = ferryError {
            _ = try sink.write(testBatch(Self.schema, [[.int(1), .text("dup")]]))
            try sink.commit()
        }
        #expect(error?.code == .targetConstraint)
        sink.rollback()
        sink.recordFailure(testLedgerEntry(runID, table: "t", mode: .append, status: .failed))
        #expect(try db.value("SELECT status || ':' || error_code || ':' || rows_written FROM ferry_loads WHERE run_id = '\(runID)'") == "failed:target_constraint:0")
        #expect(try db.values("name", from: "t") == ["x"])
    }

    @Test("a failure before begin is recorded in the current schema of the connection")
    func failureBeforeBegin() throws {
        let db = try PostgresTestSchema()
        let sink = try PostgresSink(endpoint: PostgresEndpoint(connection: Secret(db.url + "?options=-csearch_path%3D\(db.schema)"), table: "t"), runID: RunID())
        sink.recordFailure(testLedgerEntry(RunID(), table: "t", mode: .append, status: .failed))
        #expect(try db.value("SELECT count(*) FROM ferry_loads") == "1")
    }
}

extension PostgresLedgerTests {
    @Test("ledger_schema puts the ledger in that schema, for completed and failed loads")
    func ledgerSchema() throws {
        let db = try PostgresTestSchema()
        let ops = "\(db.schema)_ops"
        try db.psql("CREATE SCHEMA \"\(ops)\"")
        defer { _ = try? db.psql("DROP SCHEMA \"\(ops)\" CASCADE") }
        func sink(_ runID: RunID) throws -> PostgresSink {
            var endpoint = db.endpoint("t")
            endpoint.ledgerSchema = ops
            return try PostgresSink(endpoint: endpoint, runID: runID)
        }
        let good = RunID()
        let loaded = try sink(good)
        try loaded.begin(schema: Self.schema, mode: .create, key: [])
        _ = try loaded.write(testBatch(Self.schema, [[.int(1), .text("a")]]))
        try loaded.record(testLedgerEntry(good, table: "t", mode: .create, rows: 1))
        try loaded.commit()
        let bad = RunID()
        try sink(bad).recordFailure(testLedgerEntry(bad, table: "t", mode: .append, status: .failed))
        #expect(try db.tables() == ["t"])
        #expect(try db.value("SELECT string_agg(status, ',' ORDER BY status) FROM \"\(ops)\".ferry_loads") == "completed,failed")
    }

    @Test("a ledger_schema that does not exist fails the load and leaves nothing")
    func missingLedgerSchema() throws {
        let db = try PostgresTestSchema()
        var endpoint = db.endpoint("t")
        endpoint.ledgerSchema = "\(db.schema)_nowhere"
        let runID = RunID()
        let sink = try PostgresSink(endpoint: endpoint, runID: runID)
        try sink.begin(schema: Self.schema, mode: .create, key: [])
        _ = try sink.write(testBatch(Self.schema, [[.int(1), .text("a")]]))
        let error = ferryError { try sink.record(testLedgerEntry(runID, table: "t", mode: .create, rows: 1)) }
        #expect(error?.code == .targetNotFound)
        #expect(try db.tables() == [])
    }
}
