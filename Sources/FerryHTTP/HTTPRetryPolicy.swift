/// How often `HTTPClient.send` tries, and how long it pauses in between.
///
/// It retries after connection, DNS, TLS-handshake and transfer failures, timeouts, HTTP 429
/// and 5xx; never after another 4xx. Pauses double from `initialBackoff`. Every attempt and
/// pause fits in the request's `timeout`: no pause starts when it would end past the deadline.
package struct HTTPRetryPolicy: Sendable, Equatable {
    /// The most attempts, the first one included; at least 1.
    package var maxAttempts: Int
    /// The pause before the second attempt; each later pause is twice the previous one.
    package var initialBackoff: Duration

    /// A policy of `maxAttempts` attempts (at least 1) with pauses from `initialBackoff`.
    package init(maxAttempts: Int = 3, initialBackoff: Duration = .milliseconds(200)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = max(.zero, initialBackoff)
    }

    /// One attempt, no retry.
    package static let once = HTTPRetryPolicy(maxAttempts: 1)
}
