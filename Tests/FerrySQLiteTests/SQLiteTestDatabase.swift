import FerryCore
@testable import FerrySQLite
import FerryTestSupport
import Testing

/// A database file in a fresh temporary directory, with raw SQL access for setting up and
/// checking tables independently of the sink.
final class SQLiteTestDatabase {
    let directory: TemporaryDirectory
    let path: String

    init(name: String = "test.db") {
        directory = TemporaryDirectory(prefix: "ferry-sqlite")
        path = directory.file(name)
    }

    deinit { directory.remove() }

    var exists: Bool { DatabaseFile.exists(path) }

    func endpoint(_ table: String) -> SQLiteEndpoint { SQLiteEndpoint(path: path, table: table) }

    func sink(_ table: String) throws -> SQLiteSink {
        try SQLiteSink(endpoint: endpoint(table), runID: RunID())
    }

    /// Runs SQL statements on a connection of its own.
    func execute(_ sql: String) throws {
        let connection = try SQLiteConnection(path: path, role: .target, mode: .readWriteCreatingFile)
        try connection.execute(sql, stage: .load, "test setup")
    }

    /// The rows of a query as text (`typeof`-free: INTEGER digits, REAL shortest text, NULL nil).
    func rows(_ sql: String) throws -> [[String?]] {
        let connection = try SQLiteConnection(path: path, role: .source, mode: .readOnly)
        let statement = try connection.prepare(sql, stage: .extract, "test query")
        var out: [[String?]] = []
        while try statement.step(stage: .extract, "test query") {
            var row: [String?] = []
            for column in 0..<statement.columnCount {
                switch statement.kind(column) {
                case .null: row.append(nil)
                case .integer: row.append(String(statement.int64(column)))
                case .real: row.append(ValueFormatter.doubleText(statement.double(column)))
                case .text, .blob: row.append(String(decoding: statement.text(column), as: UTF8.self))
                }
            }
            out.append(row)
        }
        return out
    }

    /// The single value of a one-row, one-column query.
    func value(_ sql: String) throws -> String? {
        try rows(sql).first?.first ?? nil
    }

    /// The schema text of every table, index, trigger and view, to compare before and after.
    func schemaSnapshot() throws -> [[String?]] {
        try rows("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    }
}

/// The error a throwing call raised, as a `FerryError`.
func ferryError(_ body: () throws -> Void) -> FerryError? {
    do {
        try body()
        return nil
    } catch let error as FerryError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}
