#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves one connection of the loopback HTTP server: reads requests one after the other
/// (keep-alive), records each and answers from the script.
struct LoopbackHTTPConnection {
    let fd: Int32
    /// The connection's number in accept order.
    let number: Int
    let state: LoopbackHTTPState

    /// Serves until the client closes, asks to close, a scripted answer disconnects, or the
    /// server stops.
    func serve() {
        var buffer: [UInt8] = []
        while !state.isStopped {
            guard let headEnd = readHead(into: &buffer) else { return }
            guard let head = LoopbackHTTPConnection.parseHead(buffer[0..<headEnd]) else {
                _ = LoopbackHTTPSocket.sendAll(fd, LoopbackHTTPConnection.plain(400, "malformed request head", close: true))
                return
            }
            let bodyStart = headEnd + 4
            let request = LoopbackHTTPRequest(
                method: head.method, path: head.target, headers: head.headers, body: [], connection: number)
            if request.header("Transfer-Encoding") != nil {
                _ = LoopbackHTTPSocket.sendAll(fd, LoopbackHTTPConnection.plain(501, "chunked request bodies are not supported", close: true))
                return
            }
            guard let length = Int(request.header("Content-Length") ?? "0"), length >= 0 else {
                _ = LoopbackHTTPSocket.sendAll(fd, LoopbackHTTPConnection.plain(400, "bad Content-Length", close: true))
                return
            }
            if request.header("Expect")?.lowercased() == "100-continue", buffer.count < bodyStart + length {
                guard LoopbackHTTPSocket.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
            }
            while buffer.count < bodyStart + length {
                guard LoopbackHTTPSocket.receive(fd, into: &buffer) else { return }
            }
            var recorded = request
            recorded.body = Array(buffer[bodyStart..<(bodyStart + length)])
            buffer.removeFirst(bodyStart + length)

            let answer = state.record(recorded)
            guard pause(answer.delay), !answer.disconnects else { return }
            let keepAlive = head.version == "HTTP/1.1" && request.header("Connection")?.lowercased() != "close"
                && !answer.closesConnection
            var reply = Array("HTTP/1.1 \(answer.status) \(answer.reason)\r\nContent-Length: \(answer.body.count)\r\n".utf8)
            if !keepAlive { reply += Array("Connection: close\r\n".utf8) }
            reply += Array("\r\n".utf8) + answer.body
            guard LoopbackHTTPSocket.sendAll(fd, reply), keepAlive else { return }
        }
    }

    /// Reads until `buffer` holds a whole request head; returns the index of its `\r\n\r\n`,
    /// nil when the connection ended first.
    private func readHead(into buffer: inout [UInt8]) -> Int? {
        var scanned = 0
        while true {
            if buffer.count >= 4 {
                var i = max(0, scanned - 3)
                while i + 3 < buffer.count {
                    if buffer[i] == 13, buffer[i + 1] == 10, buffer[i + 2] == 13, buffer[i + 3] == 10 { return i }
                    i += 1
                }
                scanned = buffer.count
            }
            guard LoopbackHTTPSocket.receive(fd, into: &buffer) else { return nil }
        }
    }

    /// Waits `delay` in short slices; false when the server stopped meanwhile.
    private func pause(_ delay: Duration) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: delay)
        while clock.now < end {
            if state.isStopped { return false }
            usleep(5_000)
        }
        return !state.isStopped
    }

    /// The request line and headers of a request head.
    private static func parseHead(_ bytes: ArraySlice<UInt8>) -> (method: String, target: String, version: String, headers: [(name: String, value: String)])? {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return nil }
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon]
            let value = line[line.index(after: colon)...].trimmingSpaces()
            headers.append((String(name), value))
        }
        return (String(requestLine[0]), String(requestLine[1]), String(requestLine[2]), headers)
    }

    /// A `text/plain` error answer.
    private static func plain(_ status: Int, _ text: String, close: Bool) -> [UInt8] {
        let body = Array(text.utf8)
        let reason = LoopbackHTTPResponse.status(status).reason
        return Array("HTTP/1.1 \(status) \(reason)\r\nContent-Type: text/plain\r\nContent-Length: \(body.count)\r\n\(close ? "Connection: close\r\n" : "")\r\n".utf8) + body
    }
}

private extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP's optional white space).
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
