import Synchronization

/// Set once when a run must stop (SIGINT, SIGTERM, an orchestrator's kill). Checked by the engine
/// between batches; blocking calls are woken separately through `Interrupter`s.
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)
    private let reason = Mutex<String?>(nil)
    private let interrupters = Mutex<[any Interrupter]>([])

    public init() {}

    /// Requests cancellation and wakes every registered blocking call; the first reason wins.
    public func cancel(reason text: String) {
        reason.withLock { if $0 == nil { $0 = text } }
        flag.store(true, ordering: .releasing)
        for i in interrupters.withLock({ $0 }) { i.interrupt() }
    }

    /// Registers a connection's interrupter; interrupted at once when already cancelled.
    public func register(_ interrupter: any Interrupter) {
        interrupters.withLock { $0.append(interrupter) }
        if isCancelled { interrupter.interrupt() }
    }

    public var isCancelled: Bool { flag.load(ordering: .acquiring) }

    /// Why the run was cancelled, e.g. "received SIGTERM".
    public var why: String { reason.withLock { $0 } ?? "cancelled" }

    /// The error a cancelled run ends with.
    public var error: FerryError {
        FerryError(.cancelled, stage: .cancelled, "the run was cancelled (\(why)); the target was rolled back")
    }
}
