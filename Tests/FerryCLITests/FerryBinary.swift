import Foundation
import FerryCore

/// Runs the real `ferry` binary built next to the test bundle (or `$FERRY_BIN`).
struct FerryBinary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as JSON lines.
        var events: [JSONValue] {
            stdout.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        }

        var last: JSONValue? { events.last }
    }

    static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["FERRY_BIN"] { return explicit }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var dir = bundle
        // On Linux the runner is .build/<config>/ferryPackageTests.xctest; the binary sits beside it.
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("ferry").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return bundle.appendingPathComponent("ferry").path
    }

    /// Runs ferry with `arguments` in `directory`, feeding `stdin`.
    static func run(_ arguments: [String], in directory: String, stdin: String? = nil, environment: [String: String] = [:]) throws -> Output {
        let process = try start(arguments, in: directory, environment: environment)
        if let stdin { process.input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? process.input.fileHandleForWriting.close()
        return process.wait()
    }

    /// A started ferry process whose output is collected as it runs.
    final class Running: @unchecked Sendable {
        let process = Process()
        let input = Pipe()
        private let out = Pipe()
        private let err = Pipe()
        /// Guards the collected output; signalled whenever some arrives.
        private let lock = NSCondition()
        private var outData = Data()
        private var errData = Data()

        init(_ arguments: [String], in directory: String, environment: [String: String]) throws {
            // Writing to the stdin of a ferry that was killed must fail with EPIPE, not kill the tests.
            Glibc.signal(SIGPIPE, SIG_IGN)
            process.executableURL = URL(fileURLWithPath: FerryBinary.path)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment { env[k] = v }
            process.environment = env
            process.standardInput = input
            process.standardOutput = out
            process.standardError = err
            out.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h.availableData, toErr: false) }
            err.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h.availableData, toErr: true) }
            try process.run()
        }

        private func append(_ data: Data, toErr: Bool) {
            lock.lock()
            if toErr { errData.append(data) } else { outData.append(data) }
            lock.broadcast()
            lock.unlock()
        }

        /// Waits until stdout holds `text`, the process ended, or `timeout` seconds passed;
        /// returns whether `text` arrived. Wakes as soon as output arrives, never sleeps blindly.
        func waitForStdout(containing text: String, timeout: TimeInterval) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            lock.lock()
            defer { lock.unlock() }
            while true {
                if String(decoding: outData, as: UTF8.self).contains(text) { return true }
                guard process.isRunning, Date() < deadline else { return false }
                // Bounded, so an exit (which brings no output) is noticed too.
                _ = lock.wait(until: min(deadline, Date().addingTimeInterval(0.2)))
            }
        }

        /// Writes a header and then `line(i)` for each `i` of `ids` to ferry's stdin from a thread
        /// of its own, closing stdin at the end; stops quietly when ferry closed the pipe.
        func feed(header: String, ids: Range<Int>, line: @escaping @Sendable (Int) -> String) {
            let handle = input.fileHandleForWriting
            Thread.detachNewThread {
                var chunk = header + "\n"
                var id = ids.lowerBound
                while id < ids.upperBound {
                    for _ in 0..<2_000 where id < ids.upperBound {
                        chunk += line(id) + "\n"
                        id += 1
                    }
                    do { try handle.write(contentsOf: Data(chunk.utf8)) } catch { return }
                    chunk = ""
                }
                try? handle.close()
            }
        }

        /// stdout so far.
        var stdoutSoFar: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: outData, as: UTF8.self)
        }

        func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

        func wait() -> Output {
            process.waitUntilExit()
            out.fileHandleForReading.readabilityHandler = nil
            err.fileHandleForReading.readabilityHandler = nil
            let restOut = out.fileHandleForReading.readDataToEndOfFile()
            let restErr = err.fileHandleForReading.readDataToEndOfFile()
            append(restOut, toErr: false)
            append(restErr, toErr: true)
            lock.lock()
            defer { lock.unlock() }
            return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Running {
        try Running(arguments, in: directory, environment: environment)
    }
}

extension JSONValue {
    /// `a.b` lookups for assertions.
    func at(_ path: String) -> JSONValue? {
        var v: JSONValue? = self
        for key in path.split(separator: ".") { v = v?[String(key)] }
        return v
    }

    var stringValue: String? { if case let .string(s) = self { return s } else { return nil } }
    var intValue: Int? { if case let .number(n) = self { return Int(n) } else { return nil } }
}
