import FerryCore
@testable import FerryODBC
import FerryTestSupport
import Foundation

/// A fresh schema on the test PostgreSQL server, reached through psqlODBC, with `psql` to set up
/// and check tables independently of the code under test.
struct ODBCPostgresDatabase {
    let url: String
    let schema: String
    /// The psqlODBC connection string (it holds the test password).
    let connection: String

    init(extra: String = "") throws {
        (url, schema) = try PostgresTestServer.freshSchema()
        connection = try ODBCTestDrivers.postgresConnection(url: url, extra: extra)
    }

    func endpoint(_ table: String? = nil, query: String? = nil) -> ODBCEndpoint {
        ODBCEndpoint(connection: Secret(connection), schema: query == nil ? schema : nil, table: table, query: query)
    }

    func sink(_ table: String, runID: RunID = RunID()) throws -> ODBCSink {
        try ODBCSink(endpoint: endpoint(table), runID: runID)
    }

    /// Runs SQL with the schema first on the search_path and the time zone UTC.
    @discardableResult
    func psql(_ sql: String) throws -> String {
        try PostgresTestServer.psql("SET search_path TO \"\(schema)\"; SET TimeZone = 'UTC';\n" + sql, url: url)
    }

    /// The values of one text expression over a table in order (nil = NULL).
    func values(_ expression: String, from table: String, orderBy: String = "1") throws -> [String?] {
        let json = try psql("SELECT coalesce(json_agg((\(expression))::text ORDER BY \(orderBy)), '[]') FROM \"\(table)\"")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        guard let array = parsed as? [Any] else { throw PostgresTestServerError("not a JSON array: \(json)") }
        return array.map { $0 as? String }
    }

    func exists(_ table: String) throws -> Bool {
        try psql("SELECT to_regclass('\"\(schema)\".\"\(table)\"') IS NOT NULL") == "t"
    }
}

/// A fresh SQLite database file, reached through the SQLite ODBC driver, with the `sqlite3`
/// shell to set up and check it.
final class ODBCSQLiteDatabase {
    let directory = TemporaryDirectory(prefix: "ferry-odbc-sqlite")
    var path: String { directory.file("test.db") }
    let connection: String

    init() throws {
        connection = try ODBCTestDrivers.sqliteConnection(path: directory.file("test.db"))
    }

    deinit { directory.remove() }

    func endpoint(_ table: String? = nil, query: String? = nil) -> ODBCEndpoint {
        ODBCEndpoint(connection: Secret(connection), table: table, query: query)
    }

    func sink(_ table: String, runID: RunID = RunID()) throws -> ODBCSink {
        try ODBCSink(endpoint: endpoint(table), runID: runID)
    }

    /// Runs SQL with the `sqlite3` shell (`-bail`); returns its output.
    @discardableResult
    func sqlite3(_ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-batch", "-bail", path, sql]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PostgresTestServerError("sqlite3 failed: \(String(decoding: errors, as: UTF8.self))") }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

/// Reads a source to its end: every row's fields as text (nil = NULL).
func readAll(_ source: ODBCSource) throws -> [[String?]] {
    var rows: [[String?]] = []
    while let chunk = try source.next() {
        for row in 0..<chunk.rows.rowCount {
            rows.append((0..<chunk.rows.fieldCount(row: row)).map { chunk.rows.text(row: row, column: $0) })
        }
    }
    return rows
}
