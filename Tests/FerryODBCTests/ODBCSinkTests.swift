import FerryCore
@testable import FerryODBC
import FerryTestSupport
import Foundation
import Testing

@Suite("ODBC sink")
struct ODBCSinkTests {
    static let schema = testSchema([("id", .bigint), ("v", .text)])

    @Test("upsert through MERGE (PostgreSQL 15's) inserts new keys, updates existing ones, and the last row of a key wins")
    func mergeUpsert() throws {
        let db = try ODBCPostgresDatabase()
        try db.psql("CREATE TABLE t (id bigint PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'a'), (2, 'b')")
        let sink = try db.sink("t")
        sink.dialect.upsert = .merge
        let batch = testBatch(Self.schema, [[.int(2), .text("B")], [.int(3), .text("c")], [.int(3), .text("C")]])
        let written = try load(sink, Self.schema, mode: .upsert, key: ["id"], [batch])
        #expect(written == 3)
        #expect(try db.values("id || '=' || v", from: "t", orderBy: "id") == ["1=a", "2=B", "3=C"])
    }

    @Test("a system without MERGE or ON CONFLICT refuses upsert before anything is written")
    func noUpsert() throws {
        let db = try ODBCPostgresDatabase()
        try db.psql("CREATE TABLE t (id bigint PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'a')")
        let sink = try db.sink("t")
        sink.dialect.upsert = .none
        do {
            try sink.begin(schema: Self.schema, mode: .upsert, key: ["id"])
            Issue.record("upsert began")
        } catch {
            #expect(error.code == .unsupported)
            #expect(error.message.contains("mode upsert is not supported"))
        }
        // Update needs no MERGE: a plain UPDATE per row.
        let sink2 = try db.sink("t")
        sink2.dialect.upsert = .none
        let written = try load(sink2, Self.schema, mode: .update, key: ["id"], [testBatch(Self.schema, [[.int(1), .text("A")], [.int(5), .text("x")]])])
        #expect(written == 1)
        #expect(try db.values("v", from: "t") == ["A"])
    }

    @Test("where DDL would commit the transaction, modes that create or rename tables are refused; loads into existing tables work")
    func nonTransactionalDDL() throws {
        let db = try ODBCPostgresDatabase()
        try db.psql("CREATE TABLE t (id bigint, v text); INSERT INTO t VALUES (1, 'a')")
        for mode in [LoadMode.create, .replace] {
            let sink = try db.sink(mode == .create ? "fresh" : "t")
            sink.dialect.transactionalDDL = false
            #expect(throws: FerryError.self) { try sink.begin(schema: Self.schema, mode: mode, key: []) }
        }
        let missing = try db.sink("missing")
        missing.dialect.transactionalDDL = false
        do {
            try missing.begin(schema: Self.schema, mode: .append, key: [])
            Issue.record("append created a table")
        } catch {
            #expect(error.code == .unsupported)
        }
        #expect(try !db.exists("fresh") && !db.exists("missing"))
        let sink = try db.sink("t")
        sink.dialect.transactionalDDL = false
        try load(sink, Self.schema, mode: .truncate, [testBatch(Self.schema, [[.int(2), .text("b")]])])
        #expect(try db.values("v", from: "t") == ["b"])
    }

    @Test("the default send, multi-row statements in parameter arrays, one-row arrays and row-by-row sends store the same rows")
    func arrays() throws {
        let db = try ODBCPostgresDatabase()
        let schema = testSchema([("id", .bigint), ("amount", .decimal(precision: 12, scale: 2)), ("note", .text), ("day", .date)])
        let rows: [[TestValue?]] = (0..<2500).map { i in
            [.int(Int64(i)), i % 7 == 0 ? nil : .text("\(i).\(String(format: "%02d", i % 100))"),
             .text(String(repeating: "ü", count: i % 50)), .int(Int64(i % 3000))]
        }
        let cases: [(String, Int?, Int?)] = [("by_default", nil, nil), ("arrays", 960, 64), ("one_per_statement", 1000, 1), ("single", 1, 1)]
        for (table, perExecution, perStatement) in cases {
            let sink = try db.sink(table)
            sink.rowsPerExecution = perExecution
            sink.rowsPerStatement = perStatement
            let batches = stride(from: 0, to: rows.count, by: 900).map { testBatch(schema, Array(rows[$0..<min($0 + 900, rows.count)]), firstLine: $0 + 2) }
            #expect(try load(sink, schema, mode: .create, batches) == rows.count)
        }
        let digest = "md5(string_agg(id || ',' || coalesce(amount::text, 'NULL') || ',' || note || ',' || day, ';' ORDER BY id))"
        #expect(try db.psql("SELECT \(digest) FROM arrays") == db.psql("SELECT \(digest) FROM single"))
        #expect(try db.psql("SELECT \(digest) FROM one_per_statement") == db.psql("SELECT \(digest) FROM single"))
        #expect(try db.psql("SELECT \(digest) FROM by_default") == db.psql("SELECT \(digest) FROM single"))
        #expect(try db.psql("SELECT amount || ' ' || day FROM arrays WHERE id = 2001") == "2001.01 1975-06-25")
    }

    @Test("wide tables load in multi-row statements within the parameter limit, through both drivers")
    func wide() throws {
        let schema = testSchema((0..<60).map { ("c\($0)", $0 % 2 == 0 ? ColumnType.bigint : .text) })
        func value(_ r: Int, _ c: Int) -> TestValue? {
            if c % 2 == 0 { return .int(Int64(r * 100 + c)) }
            return r % 11 == 0 ? nil : .text("v\(r)-\(c)")
        }
        let rows: [[TestValue?]] = (0..<700).map { r in (0..<60).map { c in value(r, c) } }
        let pg = try ODBCPostgresDatabase()
        let pgSink = try pg.sink("wide")
        #expect(try load(pgSink, schema, mode: .create, [testBatch(schema, rows)]) == 700)
        #expect(try pg.psql("SELECT count(*), sum(c58), count(c59), max(c59) FROM wide") == "700|24505600|636|v98-59")
        let lite = try ODBCSQLiteDatabase()
        #expect(try load(try lite.sink("wide"), schema, mode: .create, [testBatch(schema, rows)]) == 700)
        #expect(try lite.sqlite3("SELECT count(*), sum(c58), count(c59), max(c59) FROM wide") == "700|24505600|636|v98-59")
    }

    @Test("long text and JSON values load whole")
    func longValues() throws {
        let db = try ODBCPostgresDatabase()
        let schema = testSchema([("id", .bigint), ("doc", .json), ("body", .text)])
        let doc = "[" + (0..<3000).map(String.init).joined(separator: ",") + "]"
        let body = String(repeating: "Zoë ", count: 10_000)
        try load(try db.sink("long"), schema, mode: .create, [testBatch(schema, [[.int(1), .text(doc), .text(body)], [.int(2), .text("{}"), .text("")]])])
        #expect(try db.values("length(doc::text)", from: "long", orderBy: "id") == [String(doc.count), "2"])
        #expect(try db.values("md5(body)", from: "long", orderBy: "id") == [try db.psql("SELECT md5(repeat('Zoë ', 10000))"), "d41d8cd98f00b204e9800998ecf8427e"])
    }

    @Test("the ledger row lands with the data, in the columns of the PostgreSQL and SQLite ledgers")
    func ledger() throws {
        let db = try ODBCPostgresDatabase()
        let runID = RunID()
        let sink = try db.sink("t", runID: runID)
        try sink.begin(schema: Self.schema, mode: .create, key: [])
        _ = try sink.write(testBatch(Self.schema, [[.int(1), .text("a")]]))
        _ = try sink.finish()
        try sink.record(Self.entry(runID, status: .completed))
        try sink.commit()
        #expect(try db.psql("""
            SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns
            WHERE table_schema = '\(db.schema)' AND table_name = 'ferry_loads'
            """) == "run_id:text,job_name:text,job_namespace:text,target_table:text,source_uri:text,source_sha256:text,source_bytes:bigint,rows_read:bigint,rows_written:bigint,rows_rejected:bigint,mode:text,status:text,error_code:text,started_at:timestamp with time zone,ended_at:timestamp with time zone,ferry_version:text,column_types:text,target_oid:bigint,checks:text")
        #expect(try db.psql("SELECT run_id || ' ' || status || ' ' || rows_written || ' ' || started_at FROM ferry_loads")
            == "\(runID) completed 1 2024-02-29 12:00:00.123+00")

        let failed = RunID()
        let failing = try db.sink("t", runID: failed)
        try failing.begin(schema: Self.schema, mode: .append, key: [])
        failing.rollback()
        var entry = Self.entry(failed, status: .failed)
        entry.errorCode = "target_constraint"
        failing.recordFailure(entry)
        #expect(try db.values("status || ' ' || error_code", from: "ferry_loads", orderBy: "status") == [nil, "failed target_constraint"])
    }

    @Test("the SQLite ledger through ODBC keeps fixed-width UTC text times, as the SQLite sink writes them")
    func sqliteLedger() throws {
        let db = try ODBCSQLiteDatabase()
        let runID = RunID()
        let sink = try db.sink("t", runID: runID)
        try sink.begin(schema: Self.schema, mode: .create, key: [])
        _ = try sink.write(testBatch(Self.schema, [[.int(1), .text("a")]]))
        try sink.record(Self.entry(runID, status: .completed))
        try sink.commit()
        #expect(try db.sqlite3("SELECT run_id, status, started_at, ended_at FROM ferry_loads")
            == "\(runID)|completed|2024-02-29 12:00:00.123Z|2024-02-29 12:00:01.000Z")
    }

    @Test("a view is refused as a target")
    func view() throws {
        let db = try ODBCPostgresDatabase()
        try db.psql("CREATE TABLE t (id bigint); CREATE VIEW v AS SELECT id FROM t")
        let sink = try db.sink("v")
        #expect(throws: FerryError.self) { _ = try sink.existingColumns() }
    }

    @Test("SQLCancel from another thread stops a statement blocked on a lock; nothing changes")
    func cancel() throws {
        let db = try ODBCPostgresDatabase()
        try db.psql("CREATE TABLE t (id bigint, v text); INSERT INTO t VALUES (1, 'a')")
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["psql", "-X", "-q", "-d", db.url, "-c",
                            "BEGIN; LOCK TABLE \"\(db.schema)\".t IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(20); COMMIT;"]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        let application = "ferry-lock-holder-\(db.schema)"
        holder.environment = ProcessInfo.processInfo.environment.merging(["PGAPPNAME": application]) { $1 }
        try holder.run()
        defer { holder.terminate() }
        // Wait until the other session holds the lock.
        var waited = 0
        while try db.psql("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 't' AND l.mode = 'AccessExclusiveLock' AND l.granted") != "1", waited < 100 {
            usleep(100_000)
            waited += 1
        }
        let sink = try db.sink("t")
        let interrupter = sink.interrupter
        let started = ContinuousClock.now
        let thread = Thread {
            Thread.sleep(forTimeInterval: 1)
            interrupter.interrupt()
        }
        thread.start()
        do {
            try sink.begin(schema: Self.schema, mode: .truncate, key: [])
            Issue.record("the truncate was not interrupted")
        } catch {
            #expect(error.code == .cancelled)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        // The holder's session would keep the lock until its sleep ends: end it on the server.
        try db.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(application)'")
        holder.waitUntilExit()
        #expect(try db.values("v", from: "t") == ["a"])
    }

    static func entry(_ runID: RunID, status: LedgerEntry.Status) -> LedgerEntry {
        LedgerEntry(
            runID: runID, job: Job(name: "odbc-test"), targetTable: "t", sourceURI: "memory.csv", sourceSHA256: nil, sourceBytes: nil,
            rowsRead: 1, rowsWritten: 1, rowsRejected: 0, mode: .create, status: status,
            startedAt: Int64(CivilDate.days(year: 2024, month: 2, day: 29)) * 86_400_000 + 12 * 3_600_000 + 123,
            endedAt: Int64(CivilDate.days(year: 2024, month: 2, day: 29)) * 86_400_000 + 12 * 3_600_000 + 1000, errorCode: nil,
            ferryVersion: "test")
    }
}
