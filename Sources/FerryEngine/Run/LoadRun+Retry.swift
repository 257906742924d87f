package import FerryCore

extension LoadRun {
    /// What a run does after a failed attempt.
    enum AfterFailure {
        /// Start the next attempt.
        case retry
        /// End the run with the failure, as a run without retries does.
        case fail
        /// End the run: it was cancelled while pausing before a retry, after the failed
        /// attempt's counts and reject file were dropped.
        case cancelledWhilePausing
    }

    /// Decides whether the run starts over after `error` ended attempt `attempt` (already
    /// rolled back): only when the error is retryable, the run is not cancelled and `schedule`
    /// grants a retry. Then the attempt's reject file is dropped (the next attempt writes it
    /// anew), `retrying` says why, and the run pauses.
    func afterFailure(_ error: FerryError, attempt: Int, schedule: inout RetrySchedule, rejects: any RejectSink) -> AfterFailure {
        guard error.retryable, error.code.category != .cancelled, !cancellation.isCancelled,
              let pause = schedule.nextPause(draw: retryTiming.draw()) else { return .fail }
        rejects.discard()
        emitter.emit(Retrying(attempt: attempt + 1, of: schedule.policy, pauseSeconds: pause, error: error))
        return retryTiming.pause(pause, cancellation) ? .retry : .cancelledWhilePausing
    }
}
