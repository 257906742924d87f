import FerryTestSupport
import FerryCore
@testable import FerrySQLite
import Testing

@Suite("SQLite errors")
struct SQLiteErrorTests {
    static let secret = "sk_live_9f8e7d6c5b4a_SECRET"

    @Test("constraint errors name the table and column but never the row's values", arguments: [
        "CREATE TABLE t (id INTEGER, token TEXT UNIQUE); INSERT INTO t VALUES (1, 'sk_live_9f8e7d6c5b4a_SECRET')",
        "CREATE TABLE t (id INTEGER, token TEXT CHECK (length(token) < 10))",
        "CREATE TABLE t (id INTEGER, token INTEGER) STRICT",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, token TEXT); INSERT INTO t VALUES (7, 'x')",
        "CREATE TABLE t (id INTEGER, token TEXT); CREATE TRIGGER no AFTER INSERT ON t BEGIN SELECT RAISE(ABORT, 'refused'); END",
    ])
    func noValuesInMessages(setup: String) throws {
        let db = SQLiteTestDatabase()
        try db.execute(setup)
        let schema = testSchema([("id", .bigint), ("token", .text)])
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .append, key: [])
        let rows: [[TestValue?]] = (0..<40).map { [.int(Int64(7 + $0 * 1000)), .text(Self.secret)] }
        let error = try #require(ferryError { _ = try sink.write(testBatch(schema, rows)) })
        sink.rollback()
        #expect(error.code == .targetConstraint)
        #expect(error.driver?.system == "sqlite")
        #expect(error.driver?.code.hasPrefix("SQLITE_CONSTRAINT") == true)
        let everything = "\(error.message) \(error.description) \(error.driver?.message ?? "") \(error.json.serialized())"
        #expect(!everything.contains("sk_live"))
        #expect(!everything.contains("SECRET"))
        #expect(!everything.contains("7000"))
        #expect(everything.contains("\"t\""))
    }

    @Test("extended result codes are named as sqlite3.h names them")
    func codeNames() {
        #expect(SQLiteResultCode.name(19) == "SQLITE_CONSTRAINT")
        #expect(SQLiteResultCode.name(2067) == "SQLITE_CONSTRAINT_UNIQUE")
        #expect(SQLiteResultCode.name(1299) == "SQLITE_CONSTRAINT_NOTNULL")
        #expect(SQLiteResultCode.name(773) == "SQLITE_BUSY_TIMEOUT")
        #expect(SQLiteResultCode.name(9) == "SQLITE_INTERRUPT")
        #expect(SQLiteResultCode.name(19 | (40 << 8)) == "SQLITE_CONSTRAINT(10259)")
        #expect(SQLiteResultCode.name(99) == "SQLITE_99")
    }

    @Test("a database locked by another writer is target_unavailable and retryable after the busy timeout")
    func busy() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER, name TEXT)")
        let holder = try SQLiteConnection(path: db.path, role: .target, mode: .readWriteCreatingFile)
        try holder.execute("BEGIN IMMEDIATE", stage: .load, "test lock")
        let sink = try db.sink("t")
        let started = ContinuousClock.now
        let error = ferryError { try sink.begin(schema: testSchema([("id", .bigint), ("name", .text)]), mode: .append, key: []) }
        #expect(error?.code == .targetUnavailable)
        #expect(error?.retryable == true)
        #expect(error?.driver?.code.hasPrefix("SQLITE_BUSY") == true)
        #expect(ContinuousClock.now - started >= .seconds(4))
        try holder.execute("ROLLBACK", stage: .load, "test lock")
    }

    @Test("a target in a missing directory is target_unavailable at connect")
    func missingDirectory() {
        let db = SQLiteTestDatabase()
        let error = ferryError { _ = try SQLiteSink(endpoint: SQLiteEndpoint(path: db.directory.file("no/such/dir.db"), table: "t"), runID: RunID()) }
        #expect(error?.code == .targetUnavailable)
        #expect(error?.stage == .connect)
        #expect(error?.driver?.code.hasPrefix("SQLITE_CANTOPEN") == true)
    }

    @Test("a file that is not a database fails with the driver's code and creates nothing")
    func notADatabase() throws {
        let db = SQLiteTestDatabase()
        db.directory.write("test.db", String(repeating: "not a database ", count: 100))
        let error = ferryError { _ = try db.sink("t").existingColumns() }
        #expect(error?.code == .targetWrite)
        #expect(error?.driver?.code == "SQLITE_NOTADB")
        #expect(db.directory.read("test.db")?.count == 1500)
    }
}
