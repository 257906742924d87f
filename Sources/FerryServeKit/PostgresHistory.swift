import FerryCore
import FerryPostgres

/// The history in PostgreSQL, through FerryPostgres's connection: the same tables as SQLite in
/// the connection's current schema (its own DDL: `bigint` times, identity ids), `?` placeholders
/// numbered `$1…`, one statement at a time.
///
/// A connection that drops (server restart, `pg_terminate_backend`, network) is opened again and
/// the statement sent once more: every statement is idempotent or fails cleanly on its primary key,
/// except an upload or audit row that the server stored just before the drop, which may then be
/// written twice.
///
/// Only one server may use a history (the runs it marks `interrupted` at start-up and the queue
/// are its own): a serving process holds a session-level advisory lock on the schema for as long
/// as it runs, and a second one is refused. A server that lost its connection takes the lock again
/// when it reconnects; if another server took it meanwhile, its statements fail.
final class PostgresHistory: HistoryBackend {
    private let connection: Secret
    private let serving: Bool
    private var session: PostgresSession?

    /// The advisory-lock class ids ('FERY', 'FERZ'); the second key is the schema's hash.
    static let schemaLock: Int32 = 1_178_948_185
    static let servingLock: Int32 = 1_178_948_186
    /// How long a starting server waits for the serving lock.
    static let lockWaitSeconds = 10

    init(connection: Secret, serving: Bool) throws(FerryError) {
        self.connection = connection
        self.serving = serving
        session = try open()
    }

    deinit { session?.close() }

    func query(_ sql: String, _ arguments: [ServeDatabase.Value]) throws(FerryError) -> [[ServeDatabase.Value]] {
        let text = Self.numbered(sql)
        let parameters: [String?] = arguments.map {
            switch $0 {
            case .int(let value): String(value)
            case .text(let value): value
            case .null: nil
            }
        }
        let rows: [[PostgresSession.Cell]]
        do {
            rows = try current().query(text, parameters: parameters, "ferry-serve query")
        } catch {
            guard error.code == .targetUnavailable, error.retryable else { throw error }
            // The connection dropped: open it again (and take the lock back) and send the statement once more.
            session?.close()
            session = nil
            rows = try current().query(text, parameters: parameters, "ferry-serve query")
        }
        return rows.map { row in
            row.map {
                switch $0 {
                case .integer(let value): .int(value)
                case .text(let value): .text(value)
                case .null: .null
                }
            }
        }
    }

    private func current() throws(FerryError) -> PostgresSession {
        if let session { return session }
        let reopened = try open()
        session = reopened
        return reopened
    }

    /// Connects, creates the tables (serialised by an advisory lock, since `CREATE TABLE IF NOT
    /// EXISTS` races with itself) and, when serving, takes the serving lock.
    private func open() throws(FerryError) -> PostgresSession {
        let opened = try PostgresSession(connection: connection)
        let key = "pg_catalog.hashtext(pg_catalog.current_schema())"
        try opened.query("SELECT pg_catalog.pg_advisory_lock(\(Self.schemaLock), \(key))", stage: .connect, "locking the ferry-serve tables")
        for statement in Self.schema {
            try opened.query(statement, stage: .connect, "creating the ferry-serve tables")
        }
        try opened.query("SELECT pg_catalog.pg_advisory_unlock(\(Self.schemaLock), \(key))", stage: .connect, "unlocking the ferry-serve tables")
        if serving {
            // A server killed a moment ago may hold the lock until PostgreSQL notices that its
            // connection closed: wait a little (lock_timeout) before refusing.
            try opened.query("SET lock_timeout = '\(Self.lockWaitSeconds)s'", stage: .connect, "setting the lock timeout")
            do {
                try opened.query("SELECT pg_catalog.pg_advisory_lock(\(Self.servingLock), \(key))", stage: .connect, "locking the ferry-serve history")
            } catch {
                guard error.driver?.code == "55P03" else { throw error }
                let rows = try? opened.query("SELECT pg_catalog.current_schema()", stage: .connect, "reading the schema")
                let schema = rows?.first?.first.flatMap { if case .text(let name) = $0 { name } else { nil } } ?? "?"
                opened.close()
                throw FerryError(
                    .targetUnavailable, stage: .connect,
                    "another ferry-serve is already serving the history in schema \(schema) of \(opened.serverName); "
                        + "two servers cannot share one history (give each its own database or schema)",
                    retryable: false)
            }
            try opened.query("RESET lock_timeout", stage: .connect, "resetting the lock timeout")
        }
        return opened
    }

    /// `sql` with each `?` outside single-quoted literals replaced by `$1`, `$2`, ….
    static func numbered(_ sql: String) -> String {
        var out = ""
        var quoted = false
        var next = 1
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?", !quoted {
                out += "$" + String(next)
                next += 1
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The tables of `SQLiteHistory`, in PostgreSQL's types, one statement each.
    static let schema = [
        "CREATE TABLE IF NOT EXISTS users (name text PRIMARY KEY, role text NOT NULL, created_at bigint NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS tokens (id text PRIMARY KEY, user_name text NOT NULL, role text NOT NULL,
            salt text NOT NULL, hash text NOT NULL, created_at bigint NOT NULL, revoked_at bigint)
        """,
        """
        CREATE TABLE IF NOT EXISTS runs (id text PRIMARY KEY, user_name text NOT NULL, job text NOT NULL,
            status text NOT NULL, created_at bigint NOT NULL, started_at bigint, finished_at bigint,
            retry_of text, request text NOT NULL, result text, rows_written bigint, rows_rejected bigint,
            exit_code bigint, reject_file text, upload_bytes bigint NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX IF NOT EXISTS runs_user_created ON runs (user_name, created_at)",
        """
        CREATE TABLE IF NOT EXISTS uploads (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, user_name text NOT NULL,
            name text NOT NULL, bytes bigint NOT NULL, created_at bigint NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS audit (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, time bigint NOT NULL,
            user_name text NOT NULL, action text NOT NULL, detail text NOT NULL)
        """,
    ]
}
