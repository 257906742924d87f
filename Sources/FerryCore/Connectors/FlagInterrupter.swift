import Synchronization

/// An interrupter that only sets a flag, for work that checks it between steps rather than
/// blocking in a call that something must wake: a file target checks it before each batch, an
/// HTTP send from libcurl's progress callback and between its backoff pauses. `reset` clears it
/// (an HTTP client does at the start of each send, so it can still send after an interrupted one).
package final class FlagInterrupter: Interrupter {
    private let flag = Atomic<Bool>(false)

    /// A flag not set.
    package init() {}

    /// Sets the flag.
    package func interrupt() {
        flag.store(true, ordering: .releasing)
    }

    /// Whether `interrupt` was called since the flag was made or last reset.
    package var isInterrupted: Bool { flag.load(ordering: .acquiring) }

    /// Clears the flag.
    package func reset() {
        flag.store(false, ordering: .releasing)
    }
}
