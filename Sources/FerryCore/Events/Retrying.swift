/// A transient failure ended an attempt, which was rolled back; the run pauses for `delayMillis`
/// and starts over from the start of the source in a new transaction.
package struct Retrying: EventPayload {
    /// The attempt that starts after the pause: 2 for the first retry.
    package var attempt: Int
    /// The most attempts the request allows (`options.retries` + 1).
    package var maxAttempts: Int
    /// The pause before the attempt, in milliseconds.
    package var delayMillis: Int
    /// The retryable error that ended the previous attempt.
    package var error: FerryError

    /// Attempt `attempt` of `policy` starts after a pause of `pauseSeconds`, because of `error`.
    package init(attempt: Int, of policy: RetryPolicy, pauseSeconds: Double, error: FerryError) {
        self.attempt = attempt
        maxAttempts = policy.maxAttempts
        delayMillis = Int((pauseSeconds * 1000).rounded())
        self.error = error
    }

    package var eventPayload: Event.Payload { .retrying(self) }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        [("attempt", .int(attempt)), ("max_attempts", .int(maxAttempts)), ("delay_ms", .int(delayMillis)),
         ("error", error.json)]
    }
}
