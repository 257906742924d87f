/// How a run tries again after a transient failure (`options.retries`, `options.retry_budget`):
/// at most `retries` more attempts, with pauses that add up to at most `budgetSeconds`.
///
/// Only errors their connector marked `retryable` are retried (a lost connection, a server
/// shutting down, a serialization failure or deadlock, too many connections, a busy SQLite
/// database); each retry restarts the load from the start of the source in a new transaction.
package struct RetryPolicy: Sendable, Equatable {
    /// Attempts after the first; 0 (the default) never retries.
    package var retries: Int
    /// The most seconds the run spends pausing between attempts, all pauses together.
    package var budgetSeconds: Int

    /// No retries: an orchestrator that retries tasks (Airflow's `retries`) would otherwise
    /// multiply its own attempts by Ferry's, so retrying inside a run is asked for explicitly.
    package static let defaultRetries = 0
    /// Five minutes of pauses: enough for a database restart or a failover.
    package static let defaultBudgetSeconds = 300
    /// The values `retries` takes.
    package static let retriesRange = 0...100
    /// The values `retry_budget` takes: one second to one day.
    package static let budgetRange = 1...86_400

    /// A policy of `retries` retries within `budgetSeconds` seconds of pauses.
    package init(retries: Int = RetryPolicy.defaultRetries, budgetSeconds: Int = RetryPolicy.defaultBudgetSeconds) {
        self.retries = retries
        self.budgetSeconds = budgetSeconds
    }

    /// The most attempts of a run, the first one included.
    package var maxAttempts: Int { retries + 1 }
}
