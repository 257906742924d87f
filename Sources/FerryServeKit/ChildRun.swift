import Foundation

/// One child `ferry` process (`ferry run`, or `ferry inspect` for the dashboard): the request goes
/// to its stdin, its stdout (JSON-lines events, the contract) comes back line by line in order
/// through `lines`, its stderr goes to a file. `terminate()` sends SIGTERM.
package final class ChildRun: Sendable {
    /// What the child printed or how it ended, in order.
    package enum Output: Sendable {
        case line(String)
        case exited(status: Int32, signalled: Bool)
    }

    package let lines: AsyncStream<Output>
    /// Process is not Sendable; it is only used to start, signal and wait, which Foundation
    /// guards with its own lock, and `terminate` may be called from any thread.
    private nonisolated(unsafe) let process: Process

    /// Starts `ferry ARGUMENTS` in `directory` with `request` on stdin and stderr to `stderrPath`.
    package init(ferry: String, arguments: [String] = ["run"], request: String, directory: String, stderrPath: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ferry)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let input = Pipe()
        let output = Pipe()
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: stderrPath) ?? FileHandle.nullDevice
        let (stream, continuation) = AsyncStream.makeStream(of: Output.self, bufferingPolicy: .unbounded)
        lines = stream
        self.process = process
        try process.run()
        let reader = output.fileHandleForReading
        // The blocking reads run on their own thread so the server's event loops never wait.
        Thread.detachNewThread {
            var pending: [UInt8] = []
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending += chunk
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    continuation.yield(.line(String(decoding: pending[..<newline], as: UTF8.self)))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { continuation.yield(.line(String(decoding: pending, as: UTF8.self))) }
            process.waitUntilExit()
            continuation.yield(.exited(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal))
            continuation.finish()
        }
        input.fileHandleForWriting.write(Data(request.utf8))
        try? input.fileHandleForWriting.close()
    }

    /// Sends SIGTERM (the run ends as `run_failed` with code `cancelled`, ABORT in lineage).
    package func terminate() {
        if process.isRunning { process.terminate() }
    }
}
