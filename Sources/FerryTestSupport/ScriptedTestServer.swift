import Foundation
import Synchronization

/// A throwaway server that one of the repository's scripts starts in a temporary directory and
/// describes in `DIR/env` (`scripts/pg-test-server.sh`, `scripts/mariadb-test-server.sh`), owned
/// by this test process: started on the first `value()`, stopped when the process exits
/// (`atexit`, or the script's watcher when the process is killed before that).
///
/// A start that failed is not retried: every later call reports the same error.
final class ScriptedTestServer: Sendable {
    /// Where the server is in its life.
    private enum State {
        case notStarted
        case running(value: String, directory: String)
        case failed(String)
        case stopped
    }

    /// The system's name in messages, e.g. `PostgreSQL`.
    let name: String
    /// The script's absolute path.
    let script: String
    /// The `DIR/env` variable whose value `value()` returns, e.g. `FERRY_TEST_PG_URL`.
    let variable: String
    private let state = Mutex(State.notStarted)

    /// Servers started by this process, stopped at exit.
    private static let started = Mutex<[ScriptedTestServer]>([])

    /// `scripts/<script>`, found from this source file's place in the repository.
    init(name: String, script: String, variable: String) {
        self.name = name
        self.script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts").appendingPathComponent(script).path
        self.variable = variable
    }

    /// The server's `variable` from its env file, starting it on the first call. Concurrent
    /// callers wait for the one start.
    func value() throws(PostgresTestServerError) -> String {
        try state.withLock { (state) throws(PostgresTestServerError) -> String in
            switch state {
            case let .running(value, _):
                return value
            case let .failed(message):
                throw PostgresTestServerError(message)
            case .stopped:
                throw PostgresTestServerError("the \(name) test server was already stopped (the process is exiting)")
            case .notStarted:
                do throws(PostgresTestServerError) {
                    let (value, directory) = try start()
                    state = .running(value: value, directory: directory)
                    let first = Self.started.withLock { servers in
                        servers.append(self)
                        return servers.count == 1
                    }
                    if first { atexit { ScriptedTestServer.stopAll() } }
                    return value
                } catch {
                    state = .failed(error.message)
                    throw error
                }
            }
        }
    }

    /// Starts a server in a new temporary directory and reads `variable` from `DIR/env` (a value
    /// the shell would read: single quotes around it are removed).
    private func start() throws(PostgresTestServerError) -> (value: String, directory: String) {
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw PostgresTestServerError("\(script) is missing or not executable; it starts the \(name) test server")
        }
        let directory = TemporaryDirectory(prefix: "ferry-" + name.lowercased())
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
            let reason = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw PostgresTestServerError("starting the \(name) test server failed (exit \(output.status)): \(reason)")
        }
        let env = String(decoding: TemporaryDirectory.read(path: directory.file("env")) ?? [], as: UTF8.self)
        let prefix = variable + "="
        guard let line = env.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else {
            _ = try? ChildProcess.run([script, "stop", directory.path])
            throw PostgresTestServerError("the \(name) test server in \(directory.path) wrote no \(prefix) line to its env file")
        }
        var value = line.dropFirst(prefix.count)
        if value.count >= 2, value.first == "'", value.last == "'" { value = value.dropFirst().dropLast() }
        return (String(value), directory.path)
    }

    /// Stops every server this process started (`atexit`); reports a failure on standard error.
    private static func stopAll() {
        for server in started.withLock({ $0 }) { server.stop() }
    }

    private func stop() {
        let directory = state.withLock { state -> String? in
            guard case let .running(_, directory) = state else { return nil }
            state = .stopped
            return directory
        }
        guard let directory else { return }
        let output = try? ChildProcess.run([script, "stop", directory])
        if output?.status != 0 {
            let reason = output.map { $0.stderr.trimmingCharacters(in: .whitespacesAndNewlines) } ?? "the script did not run"
            FileHandle.standardError.write(Data("warning: stopping the \(name) test server in \(directory) failed: \(reason)\n".utf8))
        }
    }
}
