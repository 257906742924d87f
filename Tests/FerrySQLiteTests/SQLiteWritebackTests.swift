import FerryCore
@testable import FerrySQLite
import FerryTestSupport
import Foundation
import Testing

/// Early writeback (`SQLiteConnection.startWriteback`): started on database files, never on
/// in-memory or temporary databases, and without giving up the load's locks.
@Suite("SQLite early writeback")
struct SQLiteWritebackTests {
    @Test("a load's batches start writeback of the database file; in-memory and temporary databases have none")
    func startsOnFilesOnly() throws {
        let db = SQLiteTestDatabase()
        let connection = try SQLiteConnection(path: db.path, role: .target, mode: .readWriteCreatingFile)
        try connection.execute("CREATE TABLE t (x INTEGER)", stage: .load, "test")
        #if os(Linux)
        #expect(connection.startWriteback())
        #expect(connection.startWriteback())
        #endif
        for path in [":memory:", ""] {
            let memory = try SQLiteConnection(path: path, role: .target, mode: .readWriteCreatingFile)
            #expect(!memory.startWriteback())
        }
    }

    /// Runs `sql` in the `sqlite3` shell, another process: POSIX locks only show between
    /// processes (connections of one process share SQLite's own lock table). Returns its exit status.
    static func shell(_ database: String, _ sql: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database, sql]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("the descriptor writeback opens keeps the load's lock: another process still cannot write, until commit")
    func keepsLocks() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (x INTEGER)")
        let sink = try db.sink("t")
        let schema = testSchema([("x", .bigint)])
        try sink.begin(schema: schema, mode: .append, key: [])
        var batch = TypedBatch(schema: schema, capacity: 3)
        for x in 0..<3 {
            batch.columns[0].append(int: Int64(x))
            batch.lines.append(x + 2)
        }
        #expect(try sink.write(batch) == 3)
        #expect(try sink.write(batch) == 3)
        let write = "PRAGMA busy_timeout = 0; INSERT INTO t VALUES (99);"
        #expect(try Self.shell(db.path, write) != 0)
        try sink.commit()
        #expect(try Self.shell(db.path, write) == 0)
        #expect(try db.value("SELECT count(*) FROM t") == "7")
    }
}
