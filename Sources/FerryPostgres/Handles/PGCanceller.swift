import CLibPQ
import FerryCore
import Synchronization

/// Cancels the statement a connection is running, from any thread (`PQcancel`), and remembers
/// that it did so: the server ignores a cancel request that arrives while the connection is idle,
/// so the sink also checks `isInterrupted` before each statement and between COPY buffers.
///
/// Why `@unchecked Sendable` is safe: the `PGcancel*` is created once (`PQgetCancel`) while the
/// connection is being opened, never changed afterwards, and freed only in `deinit`, when no
/// other reference exists. libpq documents `PQcancel` as "thread-safe" and safe to call from a
/// signal handler, working on a `PGcancel` object that is independent of the `PGconn` (it holds a
/// copy of the server address and the cancel key), so it may run while another thread uses, or
/// has already closed, the connection. The flag is an `Atomic`.
final class PGCanceller: Interrupter, @unchecked Sendable {
    private let cancel: OpaquePointer?
    private let interrupted = Atomic<Bool>(false)

    /// Takes the cancel object of `connection` (`PQgetCancel`); nil when libpq gives none (a
    /// connection that is not open), which leaves only the flag.
    init(connection: OpaquePointer) {
        cancel = PQgetCancel(connection)
    }

    deinit {
        if let cancel { PQfreeCancel(cancel) }
    }

    /// Sets the flag and asks the server to cancel the running statement (`PQcancel`). The
    /// statement then fails with SQLSTATE 57014, which becomes a `cancelled` error.
    func interrupt() {
        interrupted.store(true, ordering: .releasing)
        guard let cancel else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        // PQcancel "returns 1 if the cancel request was successfully dispatched and 0 if not";
        // when it could not be sent, the flag still stops the load at its next check.
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
    }

    /// Whether `interrupt()` was called.
    var isInterrupted: Bool { interrupted.load(ordering: .acquiring) }
}
