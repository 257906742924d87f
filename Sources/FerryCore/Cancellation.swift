import Synchronization

/// Set once when a run must stop (SIGINT, SIGTERM, an orchestrator's kill). Checked by the engine
/// between batches; blocking calls are woken separately through `Interrupter`s.
package final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)
    private let reason = Mutex<String?>(nil)
    private let interrupters = Mutex<[any Interrupter]>([])
    /// What to do when a cancelled run has not ended within its grace period (`overdue`).
    private let overdueHandler = Mutex<(@Sendable () -> Void)?>(nil)
    /// Set while a run commits: a commit in flight is never abandoned, or the run could report a
    /// failure for data that landed.
    private let committing = Atomic<Bool>(false)

    package init() {}

    /// Requests cancellation and wakes every registered blocking call; the first reason wins.
    package func cancel(reason text: String) {
        reason.withLock { if $0 == nil { $0 = text } }
        flag.store(true, ordering: .releasing)
        for i in interrupters.withLock({ $0 }) { i.interrupt() }
    }

    /// Registers a connection's interrupter; interrupted at once when already cancelled.
    package func register(_ interrupter: any Interrupter) {
        interrupters.withLock { $0.append(interrupter) }
        if isCancelled { interrupter.interrupt() }
    }

    package var isCancelled: Bool { flag.load(ordering: .acquiring) }

    /// Why the run was cancelled, e.g. "received SIGTERM".
    package var why: String { reason.withLock { $0 } ?? "cancelled" }

    /// The error a cancelled run ends with.
    package var error: FerryError {
        FerryError(.cancelled, stage: .cancelled, "the run was cancelled (\(why)); the target was rolled back")
    }

    /// Registers what ends the current run when it does not stop within the grace period after
    /// a signal (blocked in `open` of a FIFO, or on a server that never answers); nil clears it.
    package func onOverdue(_ handler: (@Sendable () -> Void)?) {
        overdueHandler.withLock { $0 = handler }
    }

    /// Called when the grace period after the first signal has passed: runs the registered
    /// handler, unless the run is committing.
    package func overdue() {
        guard !committing.load(ordering: .acquiring) else { return }
        overdueHandler.withLock { $0 }?()
    }

    /// Runs `commit` with the overdue handler held off, so an abandoned run never hides a commit.
    package func committing<T>(_ commit: () throws(FerryError) -> T) throws(FerryError) -> T {
        committing.store(true, ordering: .releasing)
        defer { committing.store(false, ordering: .releasing) }
        return try commit()
    }
}
