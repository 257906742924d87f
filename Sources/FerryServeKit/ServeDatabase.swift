package import FerryCore
import Synchronization

/// The server's history store, SQLite (`SQLiteHistory`) or PostgreSQL (`PostgresHistory`), one
/// statement at a time behind a lock: users, tokens, runs (history kept for ever unless deleted by
/// hand), uploads and the audit log. Statements are written once, with `?` placeholders and SQL
/// that both databases accept; each backend has its own DDL.
package final class ServeDatabase: Sendable {
    /// A bound parameter or a result value.
    package enum Value: Sendable, Equatable {
        case int(Int64)
        case text(String)
        case null

        package var int: Int64? { if case .int(let value) = self { value } else { nil } }
        package var text: String? { if case .text(let value) = self { value } else { nil } }
    }

    private let backend: Mutex<any HistoryBackend>

    /// Opens (and creates the tables of) the history at `location`. `serving`: this process is
    /// the server, which holds the history alone (PostgreSQL: an advisory lock; a second server
    /// on the same history is refused). The CLI's user and token commands pass false.
    package init(_ location: HistoryLocation, serving: Bool = false) throws(FerryError) {
        switch location {
        case .sqlite(let path): backend = Mutex(try SQLiteHistory(path: path))
        case .postgres(let connection): backend = Mutex(try PostgresHistory(connection: connection, serving: serving))
        }
    }

    /// Runs one statement with `arguments` and returns its rows.
    @discardableResult
    package func query(_ sql: String, _ arguments: [Value] = []) throws(FerryError) -> [[Value]] {
        try backend.withLock { (backend: inout any HistoryBackend) throws(FerryError) -> [[Value]] in
            try backend.query(sql, arguments)
        }
    }
}
