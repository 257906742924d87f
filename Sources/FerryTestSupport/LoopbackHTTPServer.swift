import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests: records every request and answers from a
/// script.
///
/// It binds a port the kernel picks, accepts on a background thread and serves each connection
/// on its own thread, several requests per connection (keep-alive, `Content-Length` bodies,
/// `Expect: 100-continue`). Scripted answers are used in order, one per request; after the
/// last, every request gets `fallback`. `stop()` (or dropping the server) closes everything.
///
/// ```swift
/// let server = try LoopbackHTTPServer(responses: [.status(503), .status(200)])
/// // ... send to server.url ...
/// let requests = server.waitForRequests(count: 2)
/// ```
package final class LoopbackHTTPServer: Sendable {
    /// The port it listens on.
    package let port: Int
    private let state: LoopbackHTTPState

    /// Starts a server answering `responses` in order, then `fallback` (200 by default).
    package init(responses: [LoopbackHTTPResponse] = [], fallback: LoopbackHTTPResponse = .status(200)) throws(LoopbackHTTPServerError) {
        let (fd, port) = try LoopbackHTTPSocket.bindLoopback()
        guard listen(fd, 64) == 0 else {
            let error = LoopbackHTTPServerError("loopback HTTP server: listen failed: \(String(cString: strerror(errno)))")
            close(fd)
            throw error
        }
        self.port = port
        let state = LoopbackHTTPState(listener: fd, script: responses, fallback: fallback)
        self.state = state
        Thread { LoopbackHTTPServer.acceptLoop(state) }.start()
    }

    deinit {
        state.stop()
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    package var url: String { "http://127.0.0.1:\(port)" }

    /// The requests received so far, in order.
    package var requests: [LoopbackHTTPRequest] { state.requests }

    /// Waits until at least `count` requests arrived or `timeout` passed; returns the requests.
    @discardableResult
    package func waitForRequests(count: Int, timeout: Duration = .seconds(5)) -> [LoopbackHTTPRequest] {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: timeout)
        while true {
            let seen = state.requests
            if seen.count >= count || clock.now >= end { return seen }
            usleep(2_000)
        }
    }

    /// Stops accepting, drops open connections and ends the server's threads (a delayed answer
    /// is abandoned). Safe to call more than once.
    package func stop() {
        state.stop()
    }

    /// The URL of a loopback port nothing listens on: bound, then closed again, so a connection
    /// is refused (another process could take the port in between; tests run on loopback only).
    package static func unusedPortURL() throws(LoopbackHTTPServerError) -> String {
        let (fd, port) = try LoopbackHTTPSocket.bindLoopback()
        close(fd)
        return "http://127.0.0.1:\(port)"
    }

    private static func acceptLoop(_ state: LoopbackHTTPState) {
        while let fd = LoopbackHTTPSocket.acceptConnection(state.listener) {
            guard let number = state.register(fd) else { break }
            Thread {
                LoopbackHTTPConnection(fd: fd, number: number, state: state).serve()
                state.finish(connection: fd)
            }.start()
        }
        state.closeListener()
    }
}
