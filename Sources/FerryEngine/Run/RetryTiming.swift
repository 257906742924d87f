package import FerryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a retried run's jitter and pauses come from: the system's random numbers and a real,
/// cancellable sleep; tests pass fixed draws and a pause that only records what it was asked.
package struct RetryTiming: Sendable {
    /// A uniform number in `[0, 1)` for the jitter of one pause.
    package var draw: @Sendable () -> Double
    /// Waits `seconds` unless the run is cancelled first; returns false when cancellation ended
    /// the wait (the run must not try again).
    package var pause: @Sendable (_ seconds: Double, _ cancellation: Cancellation) -> Bool

    package init(draw: @escaping @Sendable () -> Double,
                 pause: @escaping @Sendable (_ seconds: Double, _ cancellation: Cancellation) -> Bool) {
        self.draw = draw
        self.pause = pause
    }

    /// `Double.random` (the system generator) and `sleep(_:cancellation:)`.
    package static let system = RetryTiming(draw: { Double.random(in: 0..<1) }, pause: RetryTiming.sleep)

    /// Most time between two looks at the cancellation flag while sleeping.
    static let sliceSeconds = 0.02

    /// Sleeps `seconds` on the monotonic clock in slices of at most `sliceSeconds`, so a signal
    /// ends the pause at once; returns whether the whole pause passed uncancelled.
    static func sleep(_ seconds: Double, cancellation: Cancellation) -> Bool {
        let wakeUp = Clock.monotonicSeconds() + seconds
        while !cancellation.isCancelled {
            let left = wakeUp - Clock.monotonicSeconds()
            if left <= 0 { return true }
            let slice = min(left, sliceSeconds)
            var span = timespec(tv_sec: Int(slice), tv_nsec: Int((slice - Double(Int(slice))) * 1e9))
            // nanosleep: EINTR only shortens the slice; the loop measures what is left.
            _ = nanosleep(&span, nil)
        }
        return false
    }
}
