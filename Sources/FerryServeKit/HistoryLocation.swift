package import FerryCore

/// Where the run history (users, tokens, runs, uploads, audit) lives: the SQLite file under
/// `--data DIR` by default, or a PostgreSQL database (`--history`, `--history-file`,
/// `FERRY_SERVE_HISTORY`; Docs/serve.md, "History in PostgreSQL").
package enum HistoryLocation: Sendable {
    case sqlite(path: String)
    /// A libpq URI or key=value string; it may hold a password, so it stays a `Secret`.
    case postgres(Secret)

    /// For logs and messages: the SQLite path, or the PostgreSQL string with its password hidden.
    package var shown: String {
        switch self {
        case .sqlite(let path): "sqlite:" + path
        case .postgres(let connection): ConnectionString.redacted(connection.reveal())
        }
    }

    /// Values that must never appear in a log line (the PostgreSQL string as a whole).
    package var secrets: [String] {
        switch self {
        case .sqlite: []
        case .postgres(let connection): [connection.reveal()]
        }
    }
}
