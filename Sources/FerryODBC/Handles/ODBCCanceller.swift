import CODBC
import FerryCore
import Synchronization

/// Cancels the statement a connection is running, from any thread (`SQLCancel`), and remembers
/// that it did so: between statements there is nothing to cancel, so the sink and the source
/// also check `isInterrupted` before each statement and each batch.
///
/// Why `@unchecked Sendable` is safe: the only mutable state is inside a `Mutex` — the flag and the
/// handle of the statement whose blocking call (`SQLExecute`, `SQLFetch`, …) is running. A
/// statement registers its handle just before such a call and removes it right after, under the
/// lock, and `interrupt()` calls `SQLCancel` while holding the same lock, so it never sees a
/// handle that was already freed: a statement is freed only after its call returned and its
/// handle was removed. The ODBC specification makes `SQLCancel` the function to call "in a
/// multithread application … on a separate thread" while the statement is executing. The
/// library (a `Sendable` table of function pointers) never changes.
final class ODBCCanceller: Interrupter, @unchecked Sendable {
    private struct State {
        var interrupted = false
        /// The running statement's handle as an address (0: none), so the state is `Sendable`.
        var running: UInt = 0
    }

    private let state = Mutex(State())
    /// The driver manager whose `SQLCancel` is called.
    private let library: ODBCLibrary

    init(library: ODBCLibrary) {
        self.library = library
    }

    /// Sets the flag and cancels the running statement (`SQLCancel`), whose call then fails with
    /// SQLSTATE HY008 (or the server's 57014), which becomes a `cancelled` error.
    func interrupt() {
        state.withLock { state in
            state.interrupted = true
            if let running = SQLHSTMT(bitPattern: state.running) {
                // SQLCancel's own result is not needed: when the cancel could not be delivered,
                // the flag stops the work at its next check.
                _ = library.SQLCancel(running)
            }
        }
    }

    /// Whether `interrupt()` was called.
    var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// Runs a blocking call of `statement` so that `interrupt()` can cancel it.
    @inline(__always)
    func running<R>(_ statement: SQLHSTMT, _ call: () -> R) -> R {
        let address = UInt(bitPattern: statement)
        state.withLock { $0.running = address }
        defer { state.withLock { $0.running = 0 } }
        return call()
    }
}
