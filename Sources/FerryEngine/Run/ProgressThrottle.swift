import FerryCore

/// Lets a progress event through at most twice a second.
struct ProgressThrottle {
    static let interval = 0.5
    let started: Double
    private var last: Double

    init(started: Double) {
        self.started = started
        last = Clock.monotonicSeconds()
    }

    /// Whether a progress event is due now; marks it sent.
    mutating func due() -> Bool {
        let now = Clock.monotonicSeconds()
        guard now - last >= Self.interval else { return false }
        last = now
        return true
    }

    func event(_ phase: Progress.Phase, tally: Tally, total: Int?) -> Progress {
        Progress(phase: phase, rowsRead: tally.rowsRead, rowsWritten: tally.rowsWritten, rowsRejected: tally.rowsRejected,
                 bytesRead: tally.bytesRead, totalBytes: total, elapsedSeconds: Clock.monotonicSeconds() - started)
    }
}
