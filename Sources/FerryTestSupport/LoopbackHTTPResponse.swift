/// One scripted answer of the loopback HTTP server.
package struct LoopbackHTTPResponse: Sendable {
    /// The status code.
    package var status: Int
    /// The body, sent with its `Content-Length`.
    package var body: [UInt8]
    /// How long the server waits after reading the request before it answers.
    package var delay: Duration
    /// Whether the server closes the connection instead of answering (after `delay`).
    package var disconnects: Bool
    /// Whether the server answers with `Connection: close` and then closes the connection.
    package var closesConnection: Bool

    /// An answer with `status` and `body`, after `delay`.
    package init(
        status: Int, body: [UInt8] = [], delay: Duration = .zero, disconnects: Bool = false, closesConnection: Bool = false
    ) {
        self.status = status
        self.body = body
        self.delay = delay
        self.disconnects = disconnects
        self.closesConnection = closesConnection
    }

    /// An answer with `status` and `body`, sent at once.
    package static func status(_ status: Int, body: [UInt8] = []) -> LoopbackHTTPResponse {
        LoopbackHTTPResponse(status: status, body: body)
    }

    /// An answer with `status`, sent after `delay`.
    package static func delayed(_ delay: Duration, status: Int = 200) -> LoopbackHTTPResponse {
        LoopbackHTTPResponse(status: status, delay: delay)
    }

    /// No answer: the server reads the request and closes the connection.
    package static let disconnect = LoopbackHTTPResponse(status: 0, disconnects: true)

    /// The status line's reason phrase.
    var reason: String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
