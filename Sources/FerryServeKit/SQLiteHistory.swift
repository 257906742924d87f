import FerryCore
import FerrySQLite

/// The history in SQLite (`DIR/ferry-serve.db`, WAL journal) through FerrySQLite's connection.
final class SQLiteHistory: HistoryBackend {
    private let connection: SQLiteConnection

    init(path: String) throws(FerryError) {
        connection = try SQLiteConnection(path: path, role: .target, mode: .readWriteCreatingFile)
        try connection.execute(Self.schema, stage: .connect, "creating the ferry-serve tables")
    }

    private static let schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, role TEXT NOT NULL,
            salt TEXT NOT NULL, hash TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
        CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, job TEXT NOT NULL,
            status TEXT NOT NULL, created_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER,
            retry_of TEXT, request TEXT NOT NULL, result TEXT, rows_written INTEGER, rows_rejected INTEGER,
            exit_code INTEGER, reject_file TEXT, upload_bytes INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS runs_user_created ON runs (user_name, created_at);
        CREATE TABLE IF NOT EXISTS uploads (id INTEGER PRIMARY KEY, user_name TEXT NOT NULL, name TEXT NOT NULL,
            bytes INTEGER NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, user_name TEXT NOT NULL,
            action TEXT NOT NULL, detail TEXT NOT NULL);
        """

    func query(_ sql: String, _ arguments: [ServeDatabase.Value]) throws(FerryError) -> [[ServeDatabase.Value]] {
        let statement = try connection.prepare(sql, stage: .load, persistent: false, "ferry-serve query")
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            switch argument {
            case .int(let value): try statement.bind(index, int64: value)
            case .text(let value): try statement.bind(index, text: value)
            case .null: try statement.bindNull(index)
            }
        }
        var rows: [[ServeDatabase.Value]] = []
        while try statement.step(stage: .load, "ferry-serve query") {
            var row: [ServeDatabase.Value] = []
            for column in 0..<statement.columnCount {
                switch statement.kind(column) {
                case .integer, .real: row.append(.int(statement.int64(column)))
                case .text, .blob: row.append(.text(String(decoding: statement.text(column), as: UTF8.self)))
                case .null: row.append(.null)
                }
            }
            rows.append(row)
        }
        return rows
    }
}
