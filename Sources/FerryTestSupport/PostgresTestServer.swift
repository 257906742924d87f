import Foundation

/// A real PostgreSQL 15 server for tests, and `psql` for setting up and reading back.
///
/// `url()` returns `FERRY_TEST_PG_URL` when it is set (`scripts/test.sh` and CI start the server
/// with `scripts/pg-test-server.sh` and export it). Without it, on a developer machine, the first
/// call starts a server of this test process through the same script, in a temporary directory,
/// and stops it when the process exits (`atexit`, or the script's watcher when the process is killed). Under `CI=true` a missing `FERRY_TEST_PG_URL`
/// is an error: CI must run the PostgreSQL tests, never skip them.
///
/// Tests share the server; each takes its own schema from `freshSchema()` so they never collide.
package enum PostgresTestServer {
    /// The server's connection URL (`postgresql://ferry:…@127.0.0.1:PORT/ferry`, superuser
    /// `ferry`); starts the server on first use when the environment names none (see above).
    package static func url() throws -> String {
        if let url = try configuredURL(in: ProcessInfo.processInfo.environment) { return url }
        return try startedURL()
    }

    /// Creates a new, uniquely named, empty schema (`t_<12 hex digits>`) and returns it with the
    /// server's URL. Schemas are not dropped: the server is thrown away after the tests.
    package static func freshSchema() throws -> (url: String, schema: String) {
        let url = try url()
        let schema = "t_" + String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 16)
            .leftPadded(to: 12)
        _ = try psql("CREATE SCHEMA \(schema)", url: url)
        return (url, schema)
    }

    /// Runs `sql` (one or more statements, each in its own transaction unless the text says
    /// `BEGIN`) with `psql -X -A -t -q -v ON_ERROR_STOP=1`, fed on standard input; stops at the
    /// first error and throws it with psql's message. Returns the result rows, unaligned: fields
    /// separated by `|`, rows by newlines, NULL as the empty string, without a final newline.
    package static func psql(_ sql: String, url: String) throws -> String {
        let output = try ChildProcess.run(
            ["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"],
            input: sql, environment: ["PGCONNECT_TIMEOUT": "10"])
        switch output.status {
        case 0:
            var rows = output.stdout
            if rows.hasSuffix("\n") { rows.removeLast() }
            return rows
        case 127:
            throw PostgresTestServerError("psql was not found on PATH; install postgresql-client (scripts/install-deps.sh)")
        default:
            throw PostgresTestServerError("psql failed (exit \(output.status)): \(output.stderr.trimmed)")
        }
    }

    /// The URL the environment gives: `FERRY_TEST_PG_URL` when set and not empty; nil when the
    /// tests may start their own server; an error under `CI=true`, where the server must be given.
    package static func configuredURL(in environment: [String: String]) throws(PostgresTestServerError) -> String? {
        if let url = environment["FERRY_TEST_PG_URL"], !url.isEmpty { return url }
        if environment["CI"] == "true" {
            throw PostgresTestServerError(
                "FERRY_TEST_PG_URL is not set under CI=true: CI must run the PostgreSQL tests against a server it started (scripts/test.sh does)")
        }
        return nil
    }

    // MARK: The server this process starts

    /// `scripts/pg-test-server.sh`, started on first use (see above).
    private static let server = ScriptedTestServer(name: "PostgreSQL", script: "pg-test-server.sh", variable: "FERRY_TEST_PG_URL")

    /// The URL of the server this process started, starting it on the first call.
    private static func startedURL() throws -> String {
        try server.value()
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
