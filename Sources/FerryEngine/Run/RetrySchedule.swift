package import FerryCore

/// The pauses between the attempts of a retried run: exponential backoff with full jitter, within
/// the request's `retries` and `retry_budget`.
///
/// Before retry `n` (0-based) the pause is a uniform draw from `[0, min(cap, base × 2ⁿ))`, so
/// clients that failed together do not come back together (“full jitter”); a pause is shortened
/// to what is left of the budget, and no retry is made once the budget or the count is spent.
/// The draw is passed in, so the schedule itself is deterministic.
package struct RetrySchedule: Sendable {
    /// The ceiling of the first pause, in seconds.
    package static let baseSeconds = 1.0
    /// The highest ceiling of any pause, in seconds.
    package static let capSeconds = 60.0

    package let policy: RetryPolicy
    /// Retries granted so far.
    package private(set) var retriesMade = 0
    /// Seconds of pauses granted so far.
    package private(set) var pausedSeconds = 0.0

    /// A schedule with nothing granted yet.
    package init(policy: RetryPolicy) {
        self.policy = policy
    }

    /// The ceiling of the pause before retry `index` (0-based): `min(cap, base × 2^index)`.
    package static func ceiling(beforeRetry index: Int) -> Double {
        var ceiling = baseSeconds
        var doublings = 0
        while doublings < index && ceiling < capSeconds {
            ceiling *= 2
            doublings += 1
        }
        return min(capSeconds, ceiling)
    }

    /// Grants the next retry and returns its pause in seconds, given `draw`, a uniform number in
    /// `[0, 1)`; nil when no retry is left (all `retries` made, or the budget spent).
    package mutating func nextPause(draw: Double) -> Double? {
        guard retriesMade < policy.retries else { return nil }
        let left = Double(policy.budgetSeconds) - pausedSeconds
        guard left > 0 else { return nil }
        let unit = min(max(draw, 0), 1)
        let pause = min(left, Self.ceiling(beforeRetry: retriesMade) * unit)
        retriesMade += 1
        pausedSeconds += pause
        return pause
    }
}
