/// The final response of `HTTPClient.send`, whatever its status: the caller decides what a
/// non-2xx status means.
public struct HTTPResponse: Sendable, Equatable {
    /// How many body bytes a response keeps; the rest is read and dropped.
    public static let bodyLimit = 64 * 1024

    /// The HTTP status code.
    public var status: Int
    /// The first `bodyLimit` bytes of the body.
    public var body: [UInt8]
    /// How many attempts the client made, this one included.
    public var attempts: Int

    /// A response with `status`, the first bytes of its `body`, after `attempts` attempts.
    public init(status: Int, body: [UInt8], attempts: Int) {
        self.status = status
        self.body = body
        self.attempts = attempts
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// Whether a later attempt may get a different answer: 429 and 5xx.
    public var isRetryable: Bool { status == 429 || (500..<600).contains(status) }
}
