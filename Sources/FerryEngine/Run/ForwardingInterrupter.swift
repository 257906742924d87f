import FerryCore
import Synchronization

/// Interrupts every sink a chunked load opens, including those opened after the interrupt: the
/// run registers this one interrupter, while the load opens a sink per chunk.
final class ForwardingInterrupter: Interrupter {
    private let state = Mutex<(interrupted: Bool, targets: [any Interrupter])>((false, []))

    /// Adds `target`; interrupts it at once when the load was interrupted already.
    func add(_ target: any Interrupter) {
        let interrupted = state.withLock { state in
            state.targets.append(target)
            return state.interrupted
        }
        if interrupted { target.interrupt() }
    }

    func interrupt() {
        let targets = state.withLock { state in
            state.interrupted = true
            return state.targets
        }
        for target in targets { target.interrupt() }
    }
}
