/// One documented exit code of `ferry` and what an orchestrator should do about it
/// (Docs/exit-codes.md). The codes live in FerryCLI (`ExitStatus`), which passes them in.
package struct ExitCodeRule: Sendable, Equatable {
    /// The process exit status, such as 3.
    package var status: Int32
    /// A snake_case name, such as `invalid_request`.
    package var name: String
    /// Whether a run that ended with the code may be retried.
    package var retry: Retry

    /// Whether a run that ended with the code may be retried.
    package enum Retry: String, Sendable, Equatable {
        /// The run succeeded; there is nothing to retry.
        case notFailed = "not_failed"
        /// Never retry: the request or the data must change first (usage, invalid request, rejects).
        case never
        /// Retry only when the result's `error.retryable` is true.
        case whenRetryable = "when_retryable"
    }

    /// A rule for exit status `status`.
    package init(status: Int32, name: String, retry: Retry) {
        self.status = status
        self.name = name
        self.retry = retry
    }
}
