import Foundation

/// A real MariaDB server for the ODBC tests (MariaDB Connector/ODBC, `libmaodbc.so`), and the
/// `mariadb` client for setting up and reading back, independently of Ferry's ODBC code.
///
/// `connection()` returns `FERRY_TEST_MARIADB_ODBC` when it is set (`scripts/test.sh` and CI
/// start the server with `scripts/mariadb-test-server.sh` and export it). Without it, on a
/// developer machine, the first call starts a server of this test process through the same
/// script, in a temporary directory, stopped when the process exits; when that cannot be done
/// (MariaDB is not installed), the error says why and tests skip with that reason
/// (`availability`). Under `CI=true` a missing `FERRY_TEST_MARIADB_ODBC` is an error: CI must run
/// the MariaDB tests, never skip them.
///
/// Tests share the server; each takes its own database from `freshDatabase()`. The connection
/// string names the driver library by path (`Driver=/usr/lib/<multiarch>/odbc/libmaodbc.so`), so
/// the driver needs no registration; `connection()` still registers the other test drivers
/// first (`ODBCTestDrivers.configure()`), since unixODBC reads its configuration only once.
package enum MariaDBTestServer {
    /// Whether the MariaDB tests can run here: the connection string, or why not. Under
    /// `CI=true` the reason is an error to report, never a skip.
    package enum Availability: Sendable {
        case available(String)
        case unavailable(String)
    }

    /// The server's connection string (`Driver=…/libmaodbc.so;Server=127.0.0.1;Port=…;
    /// Database=ferry;UID=ferry;PWD=…`); starts the server on first use when the environment
    /// names none (see above).
    package static func connection() throws -> String {
        // unixODBC reads its configuration at the process's first ODBC call: the test drivers
        // must be registered before anything connects, MariaDB (named by library path) included.
        try ODBCTestDrivers.configure()
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["FERRY_TEST_MARIADB_ODBC"], !text.isEmpty { return text }
        if environment["CI"] == "true" {
            throw PostgresTestServerError(
                "FERRY_TEST_MARIADB_ODBC is not set under CI=true: CI must run the MariaDB tests against a server it started (scripts/test.sh does)")
        }
        return try startedConnection()
    }

    /// `connection()`, or why it cannot be had. Under `CI=true` this is never `unavailable`:
    /// it throws instead, so a CI run fails rather than skips.
    package static func availability() throws -> Availability {
        do {
            return .available(try connection())
        } catch {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw error }
            return .unavailable("MariaDB is not available: \(error)")
        }
    }

    /// Creates a new, uniquely named, empty database (`t_<12 hex digits>`, utf8mb4, binary
    /// collation) and returns the connection string pointing at it. Databases are not dropped:
    /// the server is thrown away after the tests.
    package static func freshDatabase() throws -> (connection: String, database: String) {
        let base = try connection()
        let database = "t_" + String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 16)
        _ = try client("CREATE DATABASE `\(database)` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", connection: base)
        return (replacingDatabase(in: base, with: database), database)
    }

    /// Runs `sql` with the `mariadb` client (`--batch --raw --skip-column-names`) against the
    /// server and database of `connection`, with `ANSI_QUOTES` on so that `"name"` is an
    /// identifier as in the other systems; returns the rows, tab-separated, newline-ended.
    /// Stops at the first error and throws it with the client's message.
    package static func client(_ sql: String, connection: String) throws -> String {
        let parts = attributes(connection)
        var arguments = ["mariadb", "--no-defaults", "--batch", "--raw", "--skip-column-names", "--protocol=tcp"]
        arguments += ["-h", parts["server"] ?? "127.0.0.1", "-P", parts["port"] ?? "3306", "-u", parts["uid"] ?? ""]
        if let database = parts["database"] { arguments.append(database) }
        let output = try ChildProcess.run(
            arguments, input: "SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES');\n" + sql + ";\n",
            environment: ["MYSQL_PWD": parts["pwd"] ?? ""])
        switch output.status {
        case 0: return output.stdout
        case 127: throw PostgresTestServerError("the mariadb client was not found on PATH; install mariadb-client (scripts/install-deps.sh)")
        default: throw PostgresTestServerError("mariadb failed (exit \(output.status)): \(output.stderr)")
        }
    }

    /// The connection string's attributes by lower-cased key (`Driver=…;Server=…`).
    static func attributes(_ connection: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in connection.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            out[part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()] = String(part[part.index(after: equals)...])
        }
        return out
    }

    /// `connection` with its `Database=` attribute set to `database`.
    static func replacingDatabase(in connection: String, with database: String) -> String {
        var parts = connection.split(separator: ";").map(String.init).filter { !$0.lowercased().hasPrefix("database=") }
        parts.append("Database=\(database)")
        return parts.joined(separator: ";")
    }

    // MARK: The server this process starts

    /// `scripts/mariadb-test-server.sh`, started on first use (see above).
    private static let server = ScriptedTestServer(name: "MariaDB", script: "mariadb-test-server.sh", variable: "FERRY_TEST_MARIADB_ODBC")

    private static func startedConnection() throws -> String {
        try server.value()
    }
}
