import FerryCore

/// Stops the running statement of a connection from another thread (`sqlite3_interrupt`), for
/// signal handling and cancellation.
///
/// Why `@unchecked Sendable` is safe: the only state is a strong reference to the connection
/// object, and the only method used through it is `SQLiteConnection.interrupt()`, which touches
/// nothing but an atomic flag and, under the connection's lock, `sqlite3_interrupt`. SQLite
/// documents that function as safe to call from a thread other than the one running the
/// statement. Why the `sqlite3*` pointer is valid: the strong reference keeps the connection
/// object (and so its handle) alive for as long as this interrupter exists, even after the sink
/// is gone; and an explicit `close()` takes the same lock and marks the connection closed, so
/// `sqlite3_interrupt` never runs during or after `sqlite3_close_v2`.
final class SQLiteInterrupter: Interrupter, @unchecked Sendable {
    private let connection: SQLiteConnection

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    func interrupt() {
        connection.interrupt()
    }
}
