import Foundation
import FerryCore
import FerryTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The first SIGTERM ends a run within about a second even where no interrupter reaches the
/// blocked call: `open` of a FIFO without a writer, a server that accepts TCP but never answers.
@Suite("Signals while blocked")
struct SignalWhileBlockedTests {
    let dir = TemporaryDirectory()

    /// Starts `arguments`, waits for `run_started`, sends SIGTERM and returns the output and the
    /// seconds from the signal to the exit.
    private func terminateWhenStarted(_ arguments: [String]) throws -> (FerryBinary.Output, Double) {
        let running = try FerryBinary.start(arguments, in: dir.path)
        // Should ferry ignore the signal, the test fails on the time it took rather than hanging.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 30)
            if running.process.isRunning { running.signal(SIGKILL) }
        }
        let started = running.waitForStdout(containing: #""type":"run_started""#, timeout: 30)
        // The blocking call comes right after run_started; give it a moment to be entered.
        Thread.sleep(forTimeInterval: 0.2)
        let signalled = Date()
        running.signal(SIGTERM)
        let out = running.wait()
        try #require(started, "no run_started: \(out.stdout) \(out.stderr)")
        return (out, Date().timeIntervalSince(signalled))
    }

    private func expectCancelled(_ out: FerryBinary.Output, within seconds: Double, took: Double) {
        #expect(out.status == 130)
        #expect(out.events.filter { $0.at("type")?.stringValue == "run_failed" }.count == 1)
        #expect(out.last?.at("type")?.stringValue == "run_failed")
        #expect(out.last?.at("error.stage")?.stringValue == "cancelled")
        #expect(out.last?.at("error.message")?.stringValue?.contains("SIGTERM") == true)
        #expect(took < seconds, "took \(took) s to end after SIGTERM")
    }

    @Test("SIGTERM while opening a FIFO that has no writer ends the run as cancelled, exit 130")
    func fifoWithoutWriter() throws {
        #expect(mkfifo(dir.file("in.csv"), 0o600) == 0)
        let (out, took) = try terminateWhenStarted(["load", "in.csv", "--column", "id:bigint", "--json"])
        expectCancelled(out, within: 10, took: took)
        #expect(dir.read("ferry.db") == nil)
    }

    @Test("SIGTERM while connecting to a server that never answers ends the run as cancelled, exit 130")
    func silentServer() throws {
        let server = try SilentListener()
        dir.write("in.csv", "id\n1\n")
        let (out, took) = try terminateWhenStarted(
            ["load", "in.csv", "--to", "postgresql://ferry@127.0.0.1:\(server.port)/db", "--json"])
        expectCancelled(out, within: 10, took: took)
    }

    @Test("a server that never answers fails the connection after connect_timeout (PGCONNECT_TIMEOUT overrides Ferry's default)")
    func connectTimeout() throws {
        let server = try SilentListener()
        dir.write("in.csv", "id\n1\n")
        let begun = Date()
        let out = try FerryBinary.run(
            ["load", "in.csv", "--to", "postgresql://ferry@127.0.0.1:\(server.port)/db", "--json"], in: dir.path,
            environment: ["PGCONNECT_TIMEOUT": "2"])
        #expect(out.status == 5)
        #expect(out.last?.at("error.code")?.stringValue == "target_unavailable")
        #expect(Date().timeIntervalSince(begun) < 20)
    }
}

/// A TCP socket on 127.0.0.1 that listens but never accepts: the kernel completes the handshake,
/// and nothing ever answers.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}
