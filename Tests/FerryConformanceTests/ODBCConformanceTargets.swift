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

/// MariaDB through MariaDB Connector/ODBC under the conformance suite: one database per sandbox
/// on the test server (`scripts/mariadb-test-server.sh`), loaded by `ODBCSink`, read back with
/// the `mariadb` client, independently of Ferry's ODBC code. The reader shows values the way
/// Ferry writes them canonically: `TINYINT(1)` as `true`/`false`, decimals and fractional seconds
/// without trailing zeros (MySQL pads them to the column's scale). A timestamptz is a UTC
/// `DATETIME(6)`, shown without the `Z` (`ConformanceTests.shown`).
struct ODBCMariaDBConformanceTarget: ConformanceTarget {
    let connection: String
    var description: String { "ODBC→MariaDB (MariaDB Connector/ODBC)" }

    func makeSandbox() throws -> any ConformanceSandbox {
        let (connection, database) = try MariaDBTestServer.freshDatabase()
        return Sandbox(connection: connection, database: database)
    }

    final class Sandbox: ConformanceSandbox {
        let connection: String
        let database: String

        init(connection: String, database: String) {
            self.connection = connection
            self.database = database
        }

        func endpoint(table: String) -> TargetEndpoint {
            .odbc(ODBCEndpoint(connection: Secret(connection), table: table))
        }

        func sink(table: String, runID: RunID) throws(FerryError) -> any BatchSink {
            try ODBCSink(endpoint: ODBCEndpoint(connection: Secret(connection), table: table), runID: runID)
        }

        func rows(table: String) throws -> [[String?]]? {
            let quotedTable = table.replacingOccurrences(of: "'", with: "''")
            let described = try MariaDBTestServer.client(
                "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '\(quotedTable)' ORDER BY ORDINAL_POSITION",
                connection: connection)
            let columns = described.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            guard !columns.isEmpty else { return nil }
            let select = columns.map { "CAST(\"\($0[0].replacingOccurrences(of: "\"", with: "\"\""))\" AS CHAR)" }.joined(separator: ", ")
            let output = try MariaDBTestServer.client(
                "SELECT JSON_ARRAY(\(select)) FROM \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\" ORDER BY 1", connection: connection)
            // ORDER BY 1 sorts the JSON text; the suite's order is the first column's: sort again.
            var rows: [[String?]] = try output.split(separator: "\n").map { line in
                guard let array = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any] else {
                    throw PostgresTestServerError("the mariadb client printed a row that is not a JSON array")
                }
                return array.enumerated().map { index, value in
                    guard let text = value as? String else { return nil }
                    return Self.shown(text, columnType: columns[index].count > 1 ? columns[index][1] : "")
                }
            }
            rows.sort { Self.precedes($0.first ?? nil, $1.first ?? nil) }
            return rows
        }

        func execute(_ sql: String) throws { _ = try MariaDBTestServer.client(sql, connection: connection) }

        func remove() {}

        /// Canonical text for a value of MySQL column type `type` (`tinyint(1)`, `decimal(65,30)`, …).
        static func shown(_ text: String, columnType type: String) -> String {
            if type == "tinyint(1)" { return text == "1" ? "true" : text == "0" ? "false" : text }
            if type.hasPrefix("decimal") || type.hasPrefix("datetime"), text.contains(".") {
                var out = text
                while out.hasSuffix("0") { out.removeLast() }
                if out.hasSuffix(".") { out.removeLast() }
                return out
            }
            return text
        }

        /// Order by the first column: numerically when both are integers, else as text.
        static func precedes(_ a: String?, _ b: String?) -> Bool {
            guard let a else { return b != nil }
            guard let b else { return false }
            if let x = Int64(a), let y = Int64(b) { return x < y }
            return a < b
        }
    }
}
