import FerryCore
import FerryODBC
import FerryTestSupport
import Foundation

/// PostgreSQL through psqlODBC under the conformance suite: one schema per sandbox on the test
/// server, loaded by `ODBCSink`, read back with `psql` (the PostgreSQL target's reader),
/// independently of Ferry's ODBC code.
struct ODBCPostgresConformanceTarget: ConformanceTarget {
    var description: String { "ODBC→PostgreSQL (psqlODBC)" }

    func makeSandbox() throws -> any ConformanceSandbox {
        let (url, schema) = try PostgresTestServer.freshSchema()
        return Sandbox(reader: PostgresConformanceTarget.Sandbox(url: url, schema: schema),
                       connection: try ODBCTestDrivers.postgresConnection(url: url))
    }

    final class Sandbox: ConformanceSandbox {
        let reader: PostgresConformanceTarget.Sandbox
        let connection: String

        init(reader: PostgresConformanceTarget.Sandbox, connection: String) {
            self.reader = reader
            self.connection = connection
        }

        func endpoint(table: String) -> TargetEndpoint {
            .odbc(ODBCEndpoint(connection: Secret(connection), schema: reader.schema, table: table))
        }

        func sink(table: String, runID: RunID) throws(FerryError) -> any BatchSink {
            try ODBCSink(endpoint: ODBCEndpoint(connection: Secret(connection), schema: reader.schema, table: table), runID: runID)
        }

        /// The PostgreSQL reader's rows, with UTC instants in Ferry's canonical form (`Z`, where
        /// PostgreSQL prints `+00`).
        func rows(table: String) throws -> [[String?]]? {
            guard let rows = try reader.rows(table: table) else { return nil }
            let types = try PostgresTestServer.psql("""
                select format_type(atttypid, atttypmod) from pg_attribute
                where attrelid = '"\(reader.schema)"."\(table)"'::regclass and attnum > 0 and not attisdropped order by attnum
                """, url: reader.url).split(separator: "\n").map(String.init)
            return rows.map { row in
                row.enumerated().map { index, value in
                    guard let value, index < types.count, types[index] == "timestamp with time zone", value.hasSuffix("+00") else { return value }
                    return value.dropLast(3) + "Z"
                }
            }
        }

        func execute(_ sql: String) throws { try reader.execute(sql) }

        func remove() { reader.remove() }
    }
}

/// SQLite through the SQLite ODBC driver under the conformance suite: one database file per
/// sandbox, loaded by `ODBCSink`, read back with the real `sqlite3` shell (the SQLite target's
/// reader). Booleans are stored as 1/0 (as the SQLite sink stores them) and shown as
/// `true`/`false` for BOOLEAN columns.
struct ODBCSQLiteConformanceTarget: ConformanceTarget {
    var description: String { "ODBC→SQLite (SQLite ODBC driver)" }

    func makeSandbox() throws -> any ConformanceSandbox {
        let reader = SQLiteConformanceTarget.Sandbox()
        return Sandbox(reader: reader, connection: try ODBCTestDrivers.sqliteConnection(path: reader.database))
    }

    final class Sandbox: ConformanceSandbox {
        let reader: SQLiteConformanceTarget.Sandbox
        let connection: String

        init(reader: SQLiteConformanceTarget.Sandbox, connection: String) {
            self.reader = reader
            self.connection = connection
        }

        func endpoint(table: String) -> TargetEndpoint {
            .odbc(ODBCEndpoint(connection: Secret(connection), table: table))
        }

        func sink(table: String, runID: RunID) throws(FerryError) -> any BatchSink {
            try ODBCSink(endpoint: ODBCEndpoint(connection: Secret(connection), table: table), runID: runID)
        }

        func rows(table: String) throws -> [[String?]]? {
            guard let rows = try reader.rows(table: table) else { return nil }
            let types = try sqlite3(["-batch", reader.database, "select upper(type) from pragma_table_info('\(table)')"])
                .split(separator: "\n").map(String.init)
            return rows.map { row in
                row.enumerated().map { index, value in
                    guard let value, index < types.count, types[index] == "BOOLEAN" else { return value }
                    return value == "1" ? "true" : value == "0" ? "false" : value
                }
            }
        }

        func execute(_ sql: String) throws { try reader.execute(sql) }

        func remove() { reader.remove() }

        private func sqlite3(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = arguments
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
