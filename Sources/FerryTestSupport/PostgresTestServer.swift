import Foundation
import Synchronization

/// A real PostgreSQL 15 server for tests, and `psql` for setting up and reading back.
///
/// `url()` returns `FERRY_TEST_PG_URL` when it is set (`scripts/test.sh` and CI start the server
/// with `scripts/pg-test-server.sh` and export it). Without it, on a developer machine, the first
/// call starts a server of this test process through the same script, in a temporary directory,
/// and stops it when the process exits (`atexit`, or the script's watcher when the process is killed). Under `CI=true` a missing `FERRY_TEST_PG_URL`
/// is an error: CI must run the PostgreSQL tests, never skip them.
///
/// Tests share the server; each takes its own schema from `freshSchema()` so they never collide.
public enum PostgresTestServer {
    /// The server's connection URL (`postgresql://ferry:…@127.0.0.1:PORT/ferry`, superuser
    /// `ferry`); starts the server on first use when the environment names none (see above).
    public static func url() throws -> String {
        if let url = try configuredURL(in: ProcessInfo.processInfo.environment) { return url }
        return try startedURL()
    }

    /// Creates a new, uniquely named, empty schema (`t_<12 hex digits>`) and returns it with the
    /// server's URL. Schemas are not dropped: the server is thrown away after the tests.
    public static func freshSchema() throws -> (url: String, schema: String) {
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
    public static func psql(_ sql: String, url: String) throws -> String {
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

    /// Where the process-owned server is in its life.
    private enum State {
        case notStarted
        case running(url: String, directory: String)
        /// Starting failed once; every later call reports the same error instead of retrying.
        case failed(String)
        case stopped
    }

    private static let state = Mutex(State.notStarted)

    /// `scripts/pg-test-server.sh`, found from this source file's place in the repository.
    private static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/pg-test-server.sh").path

    /// The URL of the server this process started, starting it on the first call. Concurrent
    /// callers wait for the one start.
    private static func startedURL() throws -> String {
        try state.withLock { (state) throws(PostgresTestServerError) -> String in
            switch state {
            case let .running(url, _):
                return url
            case let .failed(message):
                throw PostgresTestServerError(message)
            case .stopped:
                throw PostgresTestServerError("the PostgreSQL test server was already stopped (the process is exiting)")
            case .notStarted:
                do throws(PostgresTestServerError) {
                    let (url, directory) = try start()
                    state = .running(url: url, directory: directory)
                    atexit { PostgresTestServer.stopStartedServer() }
                    return url
                } catch {
                    state = .failed(error.message)
                    throw error
                }
            }
        }
    }

    /// Starts a server in a new temporary directory and reads its URL from `DIR/env`.
    private static func start() throws(PostgresTestServerError) -> (url: String, directory: String) {
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw PostgresTestServerError("\(script) is missing or not executable; it starts the PostgreSQL test server")
        }
        let directory = TemporaryDirectory(prefix: "ferry-pg")
        let output: ChildProcess.Output
        do {
            // The owner pid makes the script stop the server even when this process is killed
            // before `atexit` runs.
            output = try ChildProcess.run([script, "start", directory.path, String(getpid())])
        } catch let error as PostgresTestServerError {
            directory.remove()
            throw error
        } catch {
            directory.remove()
            throw PostgresTestServerError("cannot run \(script): \(error)")
        }
        guard output.status == 0 else {
            _ = try? ChildProcess.run([script, "stop", directory.path])
            directory.remove()
            throw PostgresTestServerError("starting the PostgreSQL test server failed (exit \(output.status)): \(output.stderr.trimmed)")
        }
        let env = String(decoding: TemporaryDirectory.read(path: directory.file("env")) ?? [], as: UTF8.self)
        let prefix = "FERRY_TEST_PG_URL="
        guard let line = env.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else {
            _ = try? ChildProcess.run([script, "stop", directory.path])
            throw PostgresTestServerError("the PostgreSQL test server in \(directory.path) wrote no \(prefix) line to its env file")
        }
        return (String(line.dropFirst(prefix.count)), directory.path)
    }

    /// Stops the server this process started (`atexit`); reports a failure on standard error.
    private static func stopStartedServer() {
        let directory = state.withLock { state -> String? in
            guard case let .running(_, directory) = state else { return nil }
            state = .stopped
            return directory
        }
        guard let directory else { return }
        let output = try? ChildProcess.run([script, "stop", directory])
        if output?.status != 0 {
            let reason = output.map(\.stderr.trimmed) ?? "the script did not run"
            FileHandle.standardError.write(Data("warning: stopping the PostgreSQL test server in \(directory) failed: \(reason)\n".utf8))
        }
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
