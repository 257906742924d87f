import FerryCore
import FerryPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of the dbt executable, started with `posix_spawnp` (looked up on PATH like a shell).
///
/// Ferry blocks SIGINT and SIGTERM in every thread (see `SignalTrap`) and ignores SIGPIPE; a
/// spawned program inherits both the mask and ignored dispositions, so dbt starts with an empty
/// mask and the default actions restored, and Ctrl-C reaches it as it would from a shell.
struct DbtProcess {
    /// What a finished dbt run left behind.
    struct Finished {
        /// dbt's exit code, or 128 + the signal number when a signal ended it.
        var status: Int32
        /// Standard output, when it was captured; empty otherwise.
        var output: String
    }

    /// The executable (a path, or a name looked up on PATH) and its arguments.
    var arguments: [String]
    /// Variables added to (or replacing) Ferry's own environment.
    var environment: [String: String] = [:]
    /// Capture standard output (the plan) instead of passing Ferry's through.
    var captureOutput = false
    /// Send dbt's standard output to Ferry's standard error (`ferry dbt --json` keeps stdout for events).
    var outputToStandardError = false

    /// Starts dbt and waits for it; `cancellation` being cancelled (Ferry got SIGINT or SIGTERM)
    /// sends dbt one SIGTERM, so an orchestrator's stop reaches it.
    func run(cancellation: Cancellation) throws(FerryError) -> Finished {
        let name = arguments.first ?? "dbt"
        var output: Pipe? = nil
        if captureOutput {
            // Both ends close-on-exec: dbt gets the write end only as its stdout (dup2 clears it).
            do {
                output = try Pipe()
            } catch {
                throw FerryError(.internalError, stage: .validate, "cannot create a pipe for \(name): \(error.message)")
            }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let writeEnd = output?.writeEnd.rawValue {
            posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        } else if outputToStandardError {
            posix_spawn_file_actions_adddup2(&actions, 2, 1)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = Self.mergedEnvironment(environment).map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, name, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            let reason = spawned == ENOENT ? "not found on PATH" : Errno(code: spawned).message
            throw FerryError(.invalidRequest, stage: .validate,
                             "cannot start \(name): \(reason); install dbt-core with an adapter (dbt-postgres), or name the executable with --dbt")
        }
        var captured: [UInt8] = []
        var readFailure: Errno? = nil
        if var pipe = output.take() {
            // Closing this process's copy of the write end (nothing was written to it) leaves
            // dbt's the only one, so the read ends when dbt closes its stdout.
            try? pipe.writeEnd.close()
            do {
                captured = try pipe.readEnd.readAll()
            } catch {
                readFailure = error
            }
        }
        let status = Self.wait(pid, cancellation: cancellation)
        if let readFailure {
            throw FerryError(.internalError, stage: .validate, "cannot read the output of \(name): \(readFailure.message)")
        }
        return Finished(status: status, output: String(decoding: captured, as: UTF8.self))
    }

    /// Waits for `pid`, polling every 50 ms so that a cancellation is passed on as one SIGTERM.
    private static func wait(_ pid: pid_t, cancellation: Cancellation) -> Int32 {
        var forwarded = false
        while true {
            do {
                if let exit = try ChildExit.poll(pid) { return exit.status }
            } catch {
                return 1  // waitpid itself failed (ECHILD: not our child): no status to report
            }
            if cancellation.isCancelled && !forwarded {
                kill(pid, SIGTERM)
                forwarded = true
            }
            usleep(50_000)
        }
    }

    /// `NAME=value` for Ferry's environment with `overrides` applied.
    private static func mergedEnvironment(_ overrides: [String: String]) -> [String] {
        var merged: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            let name = text.prefix { $0 != "=" }
            if overrides[String(name)] == nil { merged.append(text) }
            pointer += 1
        }
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) { merged.append("\(name)=\(value)") }
        return merged
    }
}
