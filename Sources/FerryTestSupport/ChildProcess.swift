import FerryPOSIX
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command to completion for test set-up (`psql`, `scripts/pg-test-server.sh`).
///
/// Spawns with `posix_spawn` and waits with a blocking `waitpid`, not Foundation's `Process`,
/// whose `waitUntilExit` needs a Dispatch thread to notice the child's exit: when parallel tests
/// hold every thread of the pool (some waiting for the one server start), it never returns.
/// Standard input, output and error go through files in a temporary directory, so no pipe can
/// fill up and block the child, and on Linux the child inherits no other descriptor of the test
/// process (a server started from it must not hold the test runner's pipes or files open).
struct ChildProcess {
    /// What a finished command left behind.
    struct Output {
        /// The exit status, or 128 + the signal number when a signal ended it.
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `arguments[0]` (looked up on PATH through `/usr/bin/env`) with the remaining arguments,
    /// feeding it `input` on standard input, with `environment` added to ours.
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) throws -> Output {
        let directory = TemporaryDirectory(prefix: "ferry-child")
        defer { directory.remove() }
        let inputPath = directory.write("stdin", input)
        let outputPath = directory.file("stdout")
        let errorPath = directory.file("stderr")
        let name = arguments.first ?? "a command"

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        guard posix_spawn_file_actions_init(&actions) == 0 else {
            throw PostgresTestServerError("cannot prepare to run \(name): posix_spawn_file_actions_init failed")
        }
        defer { posix_spawn_file_actions_destroy(&actions) }
        var prepared = posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        if prepared == 0 { prepared = posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600) }
        if prepared == 0 { prepared = posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600) }
        #if os(Linux)
        // posix_spawn_file_actions_addclosefrom_np is not visible to Swift: close each descriptor
        // open now. glibc ignores closing one another thread closed meanwhile ("only file
        // descriptors out of range are errors"); one opened after this listing is inherited.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 && prepared == 0 {
            prepared = posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        #endif
        guard prepared == 0 else {
            throw PostgresTestServerError("cannot prepare to run \(name): \(Errno(code: prepared).message)")
        }

        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw PostgresTestServerError("cannot start \(name): \(Errno(code: spawned).message)")
        }
        let exitStatus: Int32
        do {
            exitStatus = try ChildExit.wait(for: pid).status
        } catch {
            throw PostgresTestServerError("waiting for \(name) failed: \(error.message)")
        }
        let read = { (path: String) in String(decoding: TemporaryDirectory.read(path: path) ?? [], as: UTF8.self) }
        return Output(status: exitStatus, stdout: read(outputPath), stderr: read(errorPath))
    }
}
