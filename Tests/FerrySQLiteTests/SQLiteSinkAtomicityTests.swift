import FerryTestSupport
import FerryCore
import Foundation
@testable import FerrySQLite
import Testing

@Suite("SQLite sink atomicity and cancellation")
struct SQLiteSinkAtomicityTests {
    let schema = testSchema([("id", .bigint), ("name", .text)])

    /// A table with rows, an index, a trigger and a dependent view: what a failed load must keep.
    func seeded() throws -> SQLiteTestDatabase {
        let db = SQLiteTestDatabase()
        try db.execute("""
            CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
            CREATE INDEX t_name ON t (name);
            CREATE TABLE log (n INTEGER);
            CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.id); END;
            CREATE VIEW v AS SELECT id, name FROM t;
            INSERT INTO t VALUES (1, 'one'), (2, 'two');
            """)
        return db
    }

    func rows(_ count: Int, from start: Int = 100) -> [[TestValue?]] {
        (0..<count).map { [.int(Int64(start + $0)), .text("row \(start + $0)")] }
    }

    @Test("rollback after writes leaves every mode's table, schema and dependents exactly as before", arguments: LoadMode.allCases.filter { $0 != .create })
    func rollbackAfterWrites(mode: LoadMode) throws {
        let db = try seeded()
        let before = try db.schemaSnapshot()
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: mode, key: mode.needsKey ? ["id"] : [])
        _ = try sink.write(testBatch(schema, rows(500)))
        _ = try sink.write(testBatch(schema, [[.int(mode.needsKey ? 1 : 3), .text("changed")]]))
        sink.rollback()
        sink.rollback()
        #expect(try db.rows("SELECT * FROM t ORDER BY id") == [["1", "one"], ["2", "two"]])
        #expect(try db.rows("SELECT * FROM v ORDER BY id") == [["1", "one"], ["2", "two"]])
        #expect(try db.value("SELECT count(*) FROM log") == "2")  // from the seeding inserts only
        #expect(try db.schemaSnapshot() == before)
    }

    @Test("a constraint violation mid-load fails the load and leaves the table as before", arguments: [LoadMode.append, .truncate, .replace, .upsert])
    func constraintViolationMidLoad(mode: LoadMode) throws {
        let db = try seeded()
        try db.execute("CREATE UNIQUE INDEX t_name_unique ON t (name)")
        let before = try db.schemaSnapshot()
        let sink = try db.sink("t")
        let schema = testSchema([("id", .bigint), ("name", .text)], notNull: ["name"])
        try sink.begin(schema: schema, mode: mode, key: mode.needsKey ? ["id"] : [])
        _ = try sink.write(testBatch(schema, rows(300)))
        var bad = rows(100, from: 1000)
        // replace loads a new table (NOT NULL from the schema, no unique index); the other modes
        // load the existing table, whose unique index refuses a name loaded before.
        bad[70] = mode == .replace ? [.int(5000), nil] : [.int(5000), .text("row 100")]
        let error = ferryError { _ = try sink.write(testBatch(schema, bad, firstLine: 400)) }
        #expect(error?.code == .targetConstraint)
        #expect(error?.message.contains("source line 470") == true)
        sink.rollback()
        #expect(try db.rows("SELECT * FROM t ORDER BY id") == [["1", "one"], ["2", "two"]])
        #expect(try db.schemaSnapshot() == before)
    }

    @Test("replace keeps the old table when the load fails, and a dependent view reads it")
    func replaceFailureKeepsOldTable() throws {
        let db = try seeded()
        let before = try db.schemaSnapshot()
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .replace, key: [])
        _ = try sink.write(testBatch(schema, rows(1000)))
        #expect(try db.rows("SELECT * FROM v ORDER BY id") == [["1", "one"], ["2", "two"]])
        sink.rollback()
        #expect(try db.rows("SELECT * FROM v ORDER BY id") == [["1", "one"], ["2", "two"]])
        #expect(try db.schemaSnapshot() == before)
    }

    @Test("nothing is visible to other connections before commit")
    func invisibleUntilCommit() throws {
        let db = try seeded()
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .truncate, key: [])
        _ = try sink.write(testBatch(schema, rows(10)))
        #expect(try db.value("SELECT count(*) FROM t") == "2")
        try sink.commit()
        #expect(try db.value("SELECT count(*) FROM t") == "10")
    }

    @Test("a failed load into a new database file leaves no file behind")
    func failedLoadRemovesNewFile() throws {
        let db = SQLiteTestDatabase(name: "new.db")
        #expect(!db.exists)
        let schema = testSchema([("id", .bigint), ("name", .text)], notNull: ["name"])
        let sink = try db.sink("t")
        #expect(db.exists)
        try sink.begin(schema: schema, mode: .create, key: [])
        _ = try sink.write(testBatch(schema, rows(100)))
        let error = ferryError { _ = try sink.write(testBatch(schema, [[.int(1), nil]])) }
        #expect(error?.code == .targetConstraint)
        sink.rollback()
        #expect(!db.exists)
        #expect(!DatabaseFile.exists(db.path + "-journal"))
    }

    @Test("a sink dropped before it committed removes the database file it created")
    func droppedSinkRemovesNewFile() throws {
        let db = SQLiteTestDatabase(name: "new.db")
        do {
            let sink = try db.sink("t")
            try sink.begin(schema: schema, mode: .create, key: [])
            _ = try sink.write(testBatch(schema, rows(10)))
        }
        #expect(!db.exists)
    }

    @Test("a committed load into a new file keeps it; a later failed load leaves it as committed")
    func newFileKeptAfterCommit() throws {
        let db = SQLiteTestDatabase(name: "new.db")
        try load(db.sink("t"), schema, mode: .create, [testBatch(schema, rows(3))])
        #expect(db.exists)
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .append, key: [])
        _ = try sink.write(testBatch(schema, rows(3, from: 500)))
        sink.rollback()
        #expect(db.exists)
        #expect(try db.value("SELECT count(*) FROM t") == "3")
    }

    @Test("a commit that fails (interrupted) rolls back: the target is unchanged")
    func commitFailureRollsBack() throws {
        let db = try seeded()
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .replace, key: [])
        _ = try sink.write(testBatch(schema, rows(10)))
        sink.interrupter.interrupt()
        let error = ferryError { try sink.commit() }
        #expect(error?.code == .cancelled)
        #expect(error?.stage == .cancelled)
        #expect(try db.rows("SELECT * FROM v ORDER BY id") == [["1", "one"], ["2", "two"]])
    }

    /// Interrupts from a thread of its own: Dispatch and Swift concurrency share a pool as wide as
    /// the CPU count, which other blocking tests may occupy for the whole run.
    func interrupt(_ interrupter: any Interrupter, afterMilliseconds delay: UInt32) {
        Thread.detachNewThread {
            usleep(delay * 1000)
            interrupter.interrupt()
        }
    }

    @Test("the interrupter stops a statement that is running inside SQLite (sqlite3_interrupt)")
    func interruptRunningStatement() throws {
        let db = SQLiteTestDatabase()
        // Each insert fires a trigger that counts for tens of seconds unless interrupted.
        try db.execute("""
            CREATE TABLE t (id INTEGER, name TEXT);
            CREATE TABLE sink_of_work (n INTEGER);
            CREATE TRIGGER slow AFTER INSERT ON t BEGIN
              INSERT INTO sink_of_work SELECT max(x) FROM (
                WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400000000) SELECT x FROM c);
            END;
            """)
        let before = try db.schemaSnapshot()
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .append, key: [])
        let interrupter = sink.interrupter
        interrupt(interrupter, afterMilliseconds: 300)
        let started = ContinuousClock.now
        let error = ferryError { _ = try sink.write(testBatch(schema, [[.int(1), .text("a")]])) }
        let elapsed = ContinuousClock.now - started
        // Usually sqlite3_interrupt stops the running statement (SQLITE_INTERRUPT); on a busy
        // machine the interrupt may come before the statement starts, and the writer's own check
        // of the flag reports it. Anything else (or no error: the trigger ran to its end) fails.
        let cancelled = try #require(error)
        #expect(cancelled.isCancellation(driverCode: "SQLITE_INTERRUPT"), "\(cancelled)")
        #expect(elapsed < .seconds(10))
        sink.rollback()
        #expect(try db.value("SELECT count(*) FROM t") == "0")
        #expect(try db.schemaSnapshot() == before)
    }

    @Test("the interrupter stops a long series of writes between statements")
    func interruptBetweenStatements() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two')")
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .append, key: [])
        let interrupter = sink.interrupter
        interrupt(interrupter, afterMilliseconds: 200)
        let batch = testBatch(schema, rows(20_000, from: 10))
        var error: FerryError?
        let started = ContinuousClock.now
        while error == nil, ContinuousClock.now - started < .seconds(60) {
            error = ferryError { _ = try sink.write(batch) }
        }
        let cancelled = try #require(error, "the writes went on for 60 s: the interrupt never arrived")
        #expect(cancelled.isCancellation(driverCode: "SQLITE_INTERRUPT"), "\(cancelled)")
        sink.rollback()
        #expect(try db.rows("SELECT * FROM t ORDER BY id") == [["1", "one"], ["2", "two"]])
    }
}
