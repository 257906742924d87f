import FerryCore
@testable import FerryFiles
import FerryHTTP
import FerryTestSupport
import Foundation
import Testing

@Suite("HTTPClient against a loopback server")
struct HTTPClientTests {
    /// Inflates a gzip body with Ferry's own reader.
    private func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let stream = try GzipStream(name: "body")
        var out: [UInt8] = []
        var output = [UInt8](repeating: 0, count: 64 * 1024)
        var offset = 0
        while true {
            let (consumed, produced) = try bytes[offset...].withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { try stream.inflate(input: input, output: $0) }
            }
            offset += consumed
            out += output[0..<produced]
            if consumed == 0 && produced == 0 { break }
        }
        try stream.finish()
        return out
    }

    @Test("a POST arrives with its body and headers exactly, gzip body included")
    func postArrivesExactly() throws {
        let server = try LoopbackHTTPServer()
        let json = Array(#"{"eventType":"START","run":{"runId":"0190"}}"#.utf8)
        let compressed = try Gzip.compress(json)
        let request = HTTPRequest(
            url: server.url + "/api/v1/lineage?tenant=a",
            headers: [
                HTTPHeader("Authorization", "Bearer sk-test-0123456789"),
                HTTPHeader("Content-Type", "application/json"),
                HTTPHeader("Content-Encoding", "gzip"),
                HTTPHeader("User-Agent", "ferry/9.9.9"),
                HTTPHeader("X-Empty", ""),
            ],
            body: compressed)
        let response = try HTTPClient().send(request)
        #expect(response.status == 200)
        #expect(response.attempts == 1)

        let received = try #require(server.waitForRequests(count: 1).first)
        #expect(received.method == "POST")
        #expect(received.path == "/api/v1/lineage?tenant=a")
        #expect(received.header("authorization") == "Bearer sk-test-0123456789")
        #expect(received.header("CONTENT-TYPE") == "application/json")
        #expect(received.header("Content-Encoding") == "gzip")
        #expect(received.header("User-Agent") == "ferry/9.9.9")
        #expect(received.headers(named: "X-Empty") == [""])
        #expect(received.header("Content-Length") == String(compressed.count))
        #expect(received.header("Expect") == nil)
        #expect(received.body == compressed)
        #expect(try gunzip(received.body) == json)
    }

    @Test("without User-Agent or Content-Type the client sends User-Agent ferry and no form type")
    func defaultHeaders() throws {
        let server = try LoopbackHTTPServer()
        let body = [UInt8](repeating: 0x61, count: 300_000)
        _ = try HTTPClient().send(HTTPRequest(url: server.url + "/x", body: body))
        let received = try #require(server.waitForRequests(count: 1).first)
        #expect(received.header("User-Agent") == "ferry")
        #expect(received.header("Content-Type") == nil)
        #expect(received.header("Expect") == nil)
        #expect(received.body == body)
    }

    @Test("PUT sends its body, GET sends none, an empty POST sends Content-Length 0")
    func methods() throws {
        let server = try LoopbackHTTPServer()
        let client = HTTPClient()
        _ = try client.send(HTTPRequest(url: server.url + "/put", method: .put, body: Array("abc".utf8)))
        _ = try client.send(HTTPRequest(url: server.url + "/get", method: .get, body: Array("ignored".utf8)))
        _ = try client.send(HTTPRequest(url: server.url + "/empty"))
        let received = server.waitForRequests(count: 3)
        #expect(received.map(\.method) == ["PUT", "GET", "POST"])
        #expect(received.map(\.path) == ["/put", "/get", "/empty"])
        #expect(received.map(\.body) == [Array("abc".utf8), [], []])
        #expect(received.last?.header("Content-Length") == "0")
    }

    @Test("sends on one client reuse one connection")
    func keepAlive() throws {
        let server = try LoopbackHTTPServer()
        let client = HTTPClient()
        for i in 0..<3 {
            _ = try client.send(HTTPRequest(url: server.url + "/\(i)", body: [UInt8(i)]))
        }
        let received = server.waitForRequests(count: 3)
        #expect(received.map(\.connection) == [0, 0, 0])
        #expect(received.map(\.body) == [[0], [1], [2]])
    }

    @Test("503 then 200 gives the 200 after two attempts")
    func retriesServiceUnavailable() throws {
        let server = try LoopbackHTTPServer(responses: [.status(503), .status(200, body: Array("ok".utf8))])
        let response = try HTTPClient().send(
            HTTPRequest(url: server.url, body: [1, 2, 3]),
            retry: HTTPRetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(10)))
        #expect(response.status == 200)
        #expect(response.body == Array("ok".utf8))
        #expect(response.attempts == 2)
        let received = server.waitForRequests(count: 2)
        #expect(received.count == 2)
        #expect(received.map(\.body) == [[1, 2, 3], [1, 2, 3]])
    }

    @Test("429 is retried and the last 5xx comes back when attempts run out")
    func exhaustsAttempts() throws {
        let server = try LoopbackHTTPServer(responses: [.status(429), .status(502), .status(500), .status(200)])
        let response = try HTTPClient().send(
            HTTPRequest(url: server.url),
            retry: HTTPRetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(5)))
        #expect(response.status == 500)
        #expect(response.attempts == 3)
        #expect(server.requests.count == 3)
    }

    @Test("a 503 is returned when the retry after it cannot connect")
    func keepsLatestResponse() throws {
        // The 503 closes its connection, so the retry opens a new one that the server drops
        // (a dropped reused connection would be retried by libcurl itself).
        let server = try LoopbackHTTPServer(
            responses: [LoopbackHTTPResponse(status: 503, closesConnection: true), .disconnect])
        let response = try HTTPClient().send(
            HTTPRequest(url: server.url), retry: HTTPRetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(5)))
        #expect(response.status == 503)
        #expect(response.attempts == 1)
        #expect(server.requests.count == 2)
    }

    @Test("400 is returned at once, not retried")
    func badRequestIsFinal() throws {
        let server = try LoopbackHTTPServer(responses: [.status(400, body: Array("bad".utf8)), .status(200)])
        let response = try HTTPClient().send(
            HTTPRequest(url: server.url), retry: HTTPRetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(5)))
        #expect(response.status == 400)
        #expect(response.body == Array("bad".utf8))
        #expect(response.attempts == 1)
        // The server records a request before it answers, so every attempt is counted by now.
        #expect(server.requests.count == 1)
    }

    @Test("a connection closed without an answer is retried")
    func droppedConnectionIsRetried() throws {
        let server = try LoopbackHTTPServer(responses: [.disconnect, .status(201)])
        let response = try HTTPClient().send(
            HTTPRequest(url: server.url), retry: HTTPRetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(5)))
        #expect(response.status == 201)
        #expect(response.attempts == 2)
    }

    @Test("a refused connection throws connect after maxAttempts, within the timeout")
    func refusedConnection() throws {
        let url = try LoopbackHTTPServer.unusedPortURL()
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: HTTPError.self) {
            try HTTPClient().send(
                HTTPRequest(url: url + "/api", timeout: .seconds(5)),
                retry: HTTPRetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(20)))
        }
        let elapsed = start.duration(to: clock.now)
        #expect(error?.kind == .connect)
        #expect(error?.curlCodeName == "CURLE_COULDNT_CONNECT")
        #expect(error?.attempts == 3)
        #expect(elapsed < .seconds(5))
    }

    @Test("a server slower than the budget makes send throw timeout long before it answers")
    func slowServerTimesOut() throws {
        let server = try LoopbackHTTPServer(responses: [.delayed(.seconds(3))], fallback: .delayed(.seconds(3)))
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: HTTPError.self) {
            try HTTPClient().send(
                HTTPRequest(url: server.url, timeout: .milliseconds(500)),
                retry: HTTPRetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(10)))
        }
        let elapsed = start.duration(to: clock.now)
        #expect(error?.kind == .timeout)
        // Only possible if the 500 ms budget is enforced: the server answers after 3 s.
        #expect(elapsed < .milliseconds(2500))
        #expect(elapsed >= .milliseconds(400))
    }

    @Test("no backoff pause runs past the deadline")
    func backoffRespectsDeadline() throws {
        let server = try LoopbackHTTPServer(fallback: .status(503))
        let clock = ContinuousClock()
        let start = clock.now
        let response = try HTTPClient().send(
            HTTPRequest(url: server.url, timeout: .milliseconds(800)),
            retry: HTTPRetryPolicy(maxAttempts: 3, initialBackoff: .seconds(3)))
        let elapsed = start.duration(to: clock.now)
        #expect(response.status == 503)
        #expect(response.attempts == 1)
        // A 3 s pause would have been taken if the deadline were ignored.
        #expect(elapsed < .milliseconds(2500))
    }

    @Test("the interrupter stops a send in progress, and the client works afterwards")
    func interrupt() throws {
        let server = try LoopbackHTTPServer(responses: [.delayed(.seconds(5))])
        let client = HTTPClient()
        let interrupter = client.interrupter
        // Interrupt once the server holds the request: the send is then certainly under way (an
        // interrupt before `send` starts would be cleared by it, and the send would succeed).
        Thread {
            server.waitForRequests(count: 1, timeout: .seconds(20))
            interrupter.interrupt()
        }.start()
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: HTTPError.self) {
            try client.send(HTTPRequest(url: server.url, timeout: .seconds(20)))
        }
        #expect(error?.kind == .cancelled)
        #expect(start.duration(to: clock.now) < .milliseconds(2500))
        let response = try client.send(HTTPRequest(url: server.url, timeout: .seconds(5)))
        #expect(response.status == 200)
    }

    @Test("a response body is kept up to 64 KiB")
    func bodyLimit() throws {
        let big = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let server = try LoopbackHTTPServer(responses: [.status(200, body: big)])
        let client = HTTPClient()
        let response = try client.send(HTTPRequest(url: server.url, method: .get))
        #expect(response.body == Array(big.prefix(HTTPResponse.bodyLimit)))
        // The rest was read: the connection is reused for the next request.
        _ = try client.send(HTTPRequest(url: server.url, method: .get))
        #expect(server.waitForRequests(count: 2).map(\.connection) == [0, 0])
    }
}
