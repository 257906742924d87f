/// The final response of `HTTPClient.send`, whatever its status: the caller decides what a
/// non-2xx status means.
package struct HTTPResponse: Sendable, Equatable {
    /// How many body bytes a response keeps; the rest is read and dropped.
    package static let bodyLimit = 64 * 1024

    /// The HTTP status code.
    package var status: Int
    /// The first `bodyLimit` bytes of the body.
    package var body: [UInt8]
    /// How many attempts the client made, this one included.
    package var attempts: Int

    /// A response with `status`, the first bytes of its `body`, after `attempts` attempts.
    package init(status: Int, body: [UInt8], attempts: Int) {
        self.status = status
        self.body = body
        self.attempts = attempts
    }

    /// Whether the status is 2xx.
    package var isSuccess: Bool { (200..<300).contains(status) }

    /// Whether a later attempt may get a different answer: 429 and 5xx.
    package var isRetryable: Bool { status == 429 || (500..<600).contains(status) }
}
