import FerryCore
import FerryEngine
import Testing

/// The backoff schedule of retried runs: exponential ceilings, full jitter from the injected
/// draw, and the count and budget limits. Nothing here sleeps.
@Suite("Retry schedule")
struct RetryScheduleTests {
    @Test("ceilings double from one second up to the sixty-second cap")
    func ceilings() {
        #expect((0..<9).map(RetrySchedule.ceiling(beforeRetry:)) == [1, 2, 4, 8, 16, 32, 60, 60, 60])
        #expect(RetrySchedule.ceiling(beforeRetry: 1_000) == 60)
    }

    @Test("each pause is the draw's share of its ceiling (full jitter)")
    func fullJitter() {
        var schedule = RetrySchedule(policy: RetryPolicy(retries: 4, budgetSeconds: 300))
        let pauses = [0.5, 0.25, 0.0, 0.75].map { schedule.nextPause(draw: $0) }
        #expect(pauses == [0.5, 0.5, 0.0, 6.0])
        #expect(schedule.retriesMade == 4)
        #expect(schedule.pausedSeconds == 7.0)
    }

    @Test("no retry is granted after `retries` of them")
    func countLimit() {
        var schedule = RetrySchedule(policy: RetryPolicy(retries: 2, budgetSeconds: 300))
        #expect(schedule.nextPause(draw: 0.5) != nil)
        #expect(schedule.nextPause(draw: 0.5) != nil)
        #expect(schedule.nextPause(draw: 0.5) == nil)
        #expect(schedule.retriesMade == 2)
    }

    @Test("the default policy never retries")
    func defaultNeverRetries() {
        var schedule = RetrySchedule(policy: RetryPolicy())
        #expect(RetryPolicy().retries == 0 && RetryPolicy().budgetSeconds == 300)
        #expect(schedule.nextPause(draw: 0.1) == nil)
    }

    @Test("the pauses never add up to more than the budget: the last one is shortened, then none is granted")
    func budgetLimit() {
        var schedule = RetrySchedule(policy: RetryPolicy(retries: 10, budgetSeconds: 5))
        let pauses = [1.0, 1.0, 1.0, 1.0].map { schedule.nextPause(draw: $0) }
        // Ceilings 1, 2, 4: 1 + 2 = 3 s, then 4 s is cut to the 2 s left; the budget is spent.
        #expect(pauses == [1.0, 2.0, 2.0, nil])
        #expect(schedule.pausedSeconds == 5.0)
    }

    @Test("draws outside [0, 1] are clamped")
    func clampedDraws() {
        var schedule = RetrySchedule(policy: RetryPolicy(retries: 2, budgetSeconds: 300))
        #expect(schedule.nextPause(draw: -3) == 0)
        #expect(schedule.nextPause(draw: 7) == 2)
    }
}
