import FerryCore
@testable import FerryODBC
import FerryTestSupport
import Foundation
import Testing

/// A fresh database on the MariaDB test server, reached through MariaDB Connector/ODBC, with the
/// `mariadb` client to set up and check tables independently of the code under test. When the
/// server cannot run here, the test skips with the reason (under CI=true it fails instead).
struct ODBCMariaDBDatabase {
    let connection: String
    let database: String

    init() throws {
        switch try MariaDBTestServer.availability() {
        case .available: break
        case let .unavailable(reason): try Test.cancel(Comment(rawValue: reason))
        }
        (connection, database) = try MariaDBTestServer.freshDatabase()
    }

    func sink(_ table: String, runID: RunID = RunID()) throws -> ODBCSink {
        try ODBCSink(endpoint: ODBCEndpoint(connection: Secret(connection), table: table), runID: runID)
    }

    /// Runs SQL with the `mariadb` client (ANSI quotes on); returns its rows, tab-separated.
    @discardableResult
    func client(_ sql: String) throws -> [String] {
        try MariaDBTestServer.client(sql, connection: connection).split(separator: "\n").map(String.init)
    }

    /// The tables of the database, sorted.
    func tables() throws -> [String] {
        try client("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1")
    }
}

@Suite("ODBC sink on MariaDB")
struct ODBCMariaDBTests {
    static let schema = testSchema([("id", .bigint), ("v", .text)], notNull: ["id"])

    /// Rows whose second row breaks NOT NULL on `id`: the INSERT fails mid-load.
    static func failingBatches() -> [TypedBatch] {
        [testBatch(schema, [[.int(7), .text("new")]]), testBatch(schema, [[.int(8), .text("x")], [nil, .text("breaks NOT NULL")]], firstLine: 3)]
    }

    @Test("replace leaves the old table intact when the load fails, and drops the new table")
    func failingReplace() throws {
        let db = try ODBCMariaDBDatabase()
        try db.client(#"CREATE TABLE "t" ("id" bigint, "old" text); INSERT INTO "t" VALUES (1, 'a'), (2, 'b')"#)
        let sink = try db.sink("t")
        #expect(throws: FerryError.self) { try load(sink, Self.schema, mode: .replace, Self.failingBatches()) }
        sink.rollback()
        #expect(try db.client(#"SELECT "id", "old" FROM "t" ORDER BY 1"#) == ["1\ta", "2\tb"])
        #expect(try db.tables() == ["ferry_loads", "t"])
    }

    @Test("replace swaps the new table in with one RENAME TABLE and drops the old one")
    func replace() throws {
        let db = try ODBCMariaDBDatabase()
        try db.client(#"CREATE TABLE "t" ("id" bigint, "old" text); INSERT INTO "t" VALUES (1, 'a')"#)
        let written = try load(try db.sink("t"), Self.schema, mode: .replace, [testBatch(Self.schema, [[.int(7), .text("new")]])])
        #expect(written == 1)
        #expect(try db.client(#"SELECT "id", "v" FROM "t""#) == ["7\tnew"])
        #expect(try db.tables() == ["ferry_loads", "t"])
    }

    @Test("create, and append into a missing table, drop the table they made when the load fails")
    func failingCreate() throws {
        let db = try ODBCMariaDBDatabase()
        for mode in [LoadMode.create, .append, .truncate] {
            let sink = try db.sink("fresh")
            #expect(throws: FerryError.self, "\(mode)") { try load(sink, Self.schema, mode: mode, Self.failingBatches()) }
            sink.rollback()
            #expect(try db.tables() == ["ferry_loads"], "\(mode)")
        }
    }

    @Test("upsert needs a PRIMARY KEY or UNIQUE index on the key: ON DUPLICATE KEY UPDATE matches no other way")
    func upsertNeedsKey() throws {
        let db = try ODBCMariaDBDatabase()
        try db.client(#"CREATE TABLE "t" ("id" bigint, "v" text); INSERT INTO "t" VALUES (1, 'a')"#)
        let refused = #expect(throws: FerryError.self) {
            try load(try db.sink("t"), Self.schema, mode: .upsert, key: ["id"], [testBatch(Self.schema, [[.int(1), .text("b")]])])
        }
        #expect(refused?.code == .targetSchemaMismatch)
        try db.client(#"ALTER TABLE "t" ADD PRIMARY KEY ("id")"#)
        let written = try load(try db.sink("t"), Self.schema, mode: .upsert, key: ["id"], [testBatch(Self.schema, [[.int(1), .text("b")], [.int(2), .text("c")]])])
        #expect(written == 2)
        #expect(try db.client(#"SELECT "id", "v" FROM "t" ORDER BY 1"#) == ["1\tb", "2\tc"])
    }

    @Test("a table Ferry created reads back with Ferry's types: TINYINT(1) is boolean, a marked DATETIME timestamptz")
    func existingColumns() throws {
        let db = try ODBCMariaDBDatabase()
        let schema = testSchema([
            ("id", .bigint), ("ok", .boolean), ("d", .decimal(precision: 12, scale: 2)), ("day", .date), ("at", .timestamp),
            ("tz", .timestamptz), ("x", .double), ("s", .text), ("u", .uuid),
        ])
        try load(try db.sink("t"), schema, mode: .create, [])
        let columns = try #require(try db.sink("t").existingColumns())
        #expect(columns.map(\.type) == [.bigint, .boolean, .decimal(precision: 12, scale: 2), .date, .timestamp, .timestamptz, .double, .text, .text])
        #expect(columns.last?.limit == .maxCharacters(36, typeName: "CHAR(36)"))
    }

    @Test("the ledger row lands with the data; its times are UTC DATETIME(6)")
    func ledger() throws {
        let db = try ODBCMariaDBDatabase()
        let runID = RunID()
        let sink = try db.sink("t", runID: runID)
        try sink.begin(schema: Self.schema, mode: .create, key: [])
        _ = try sink.write(testBatch(Self.schema, [[.int(1), .text("a")]]))
        _ = try sink.finish()
        try sink.record(ODBCSinkTests.entry(runID, status: .completed))
        try sink.commit()
        #expect(try db.client(#"SELECT "run_id", "status", "rows_written", "started_at" FROM "ferry_loads""#)
            == ["\(runID)\tcompleted\t1\t2024-02-29 12:00:00.123000"])
        #expect(try db.client(#"SELECT "id", "v" FROM "t""#) == ["1\ta"])
    }

    @Test("upsert counts each row once; update counts matched rows with OPTION=2 (CLIENT_FOUND_ROWS), changed rows without")
    func updateCounts() throws {
        let db = try ODBCMariaDBDatabase()
        try db.client(#"CREATE TABLE "t" ("id" bigint PRIMARY KEY, "v" text); INSERT INTO "t" VALUES (1, 'a'), (2, 'b')"#)
        let batch = testBatch(Self.schema, [[.int(1), .text("a")], [.int(2), .text("B")], [.int(9), .text("z")]])
        let changed = try load(try db.sink("t"), Self.schema, mode: .update, key: ["id"], [batch])
        #expect(changed == 1)
        #expect(try db.client(#"SELECT "id", "v" FROM "t" ORDER BY 1"#) == ["1\ta", "2\tB"])
        let foundRows = try ODBCSink(endpoint: ODBCEndpoint(connection: Secret(db.connection + ";OPTION=2"), table: "t"), runID: RunID())
        let matched = try load(foundRows, Self.schema, mode: .update, key: ["id"], [batch])
        #expect(matched == 2)
        // Unchanged, unchanged, inserted: MySQL reports 1 affected row; Ferry wrote all three.
        let upserted = try load(try db.sink("t"), Self.schema, mode: .upsert, key: ["id"], [batch])
        #expect(upserted == 3)
        #expect(try db.client(#"SELECT "id", "v" FROM "t" ORDER BY 1"#) == ["1\ta", "2\tB", "9\tz"])
    }

    @Test("a duplicate key is target_constraint with MySQL's native code, and names no value")
    func constraint() throws {
        let db = try ODBCMariaDBDatabase()
        let secret = "pa55-w0rd-do-not-print"
        try db.client(#"CREATE TABLE "t" ("id" bigint PRIMARY KEY, "v" varchar(40) UNIQUE); INSERT INTO "t" VALUES (1, '\#(secret)')"#)
        let failure = #expect(throws: FerryError.self) {
            try load(try db.sink("t"), Self.schema, mode: .append, [testBatch(Self.schema, [[.int(2), .text(secret)]])])
        }
        #expect(failure?.code == .targetConstraint)
        #expect(failure.map { !$0.json.serialized().contains(secret) } == true)
        #expect(try db.client(#"SELECT count(*) FROM "t""#) == ["1"])
    }

    @Test("a wide table goes in multi-row statements under the parameter limit; long text and JSON load whole")
    func wideAndLong() throws {
        let db = try ODBCMariaDBDatabase()
        let schema = testSchema((0..<60).map { ("c\($0)", $0 % 2 == 0 ? ColumnType.bigint : .text) })
        func value(_ r: Int, _ c: Int) -> TestValue? {
            if c % 2 == 0 { return .int(Int64(r * 100 + c)) }
            return r % 11 == 0 ? nil : .text("v\(r)-\(c)")
        }
        let rows: [[TestValue?]] = (0..<700).map { r in (0..<60).map { c in value(r, c) } }
        #expect(try load(try db.sink("wide"), schema, mode: .create, [testBatch(schema, rows)]) == 700)
        #expect(try db.client(#"SELECT count(*), sum("c58"), count("c59"), max("c59") FROM "wide""#) == ["700\t24505600\t636\tv98-59"])
        let long = testSchema([("id", .bigint), ("doc", .json), ("body", .text)])
        let doc = "[" + (0..<3000).map(String.init).joined(separator: ",") + "]"
        let body = String(repeating: "Zoë ", count: 10_000)
        try load(try db.sink("long"), long, mode: .create, [testBatch(long, [[.int(1), .text(doc), .text(body)]])])
        #expect(try db.client(#"SELECT char_length("doc"), char_length("body"), "body" = REPEAT('Zoë ', 10000) FROM "long""#)
            == ["\(doc.count)\t\(body.count)\t1"])
    }

    @Test("SQLCancel from another thread stops a statement blocked on a table lock; nothing changes")
    func cancel() throws {
        let db = try ODBCMariaDBDatabase()
        try db.client(#"CREATE TABLE "t" ("id" bigint, "v" text); INSERT INTO "t" VALUES (1, 'a')"#)
        let holder = Thread { _ = try? db.client(#"LOCK TABLES "t" WRITE; DO SLEEP(30)"#) }
        holder.start()
        let sleeping = "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'DO SLEEP%'"
        var waited = 0
        while try db.client(sleeping).isEmpty, waited < 100 {
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
        let failure = #expect(throws: FerryError.self) { try sink.begin(schema: Self.schema, mode: .truncate, key: []) }
        #expect(failure?.code == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(10))
        // The holder keeps the lock until its sleep ends: end its session on the server.
        for id in try db.client(sleeping) { try db.client("KILL \(id)") }
        #expect(try db.client(#"SELECT "v" FROM "t""#) == ["a"])
    }
}
