import FerryCore

/// The load ledger in a SQLite database: the table `ferry_loads` (`LedgerTable`), one row per
/// load, created on first use. Timestamps are fixed-width UTC text so that text order is time
/// order (Docs/connectors/sqlite.md, "Load ledger").
enum SQLiteLedger {
    /// `CREATE TABLE IF NOT EXISTS "ferry_loads" (…)`.
    static let createTable = LedgerTable.createSQL(table: SQLiteSQL.quoted(LedgerTable.name), ifNotExists: true, dialect: .sqlite)

    /// `INSERT INTO "ferry_loads" (…) VALUES (?1, …)`, in `LedgerColumn` order.
    static let insertRow = LedgerTable.insertSQL(table: SQLiteSQL.quoted(LedgerTable.name), dialect: .sqlite) { position, _ in "?\(position)" }

    /// Creates the ledger table when it is missing and inserts `entry`, on `connection`'s current
    /// transaction (or as one autocommit statement each when none is open).
    static func insert(_ entry: LedgerEntry, on connection: SQLiteConnection, stage: FerryError.Stage) throws(FerryError) {
        let action = "recording the load of table \(SQLiteSQL.quoted(entry.targetTable)) in the ledger table \(SQLiteSQL.quoted(LedgerTable.name))"
        try connection.execute(createTable, stage: stage, action)
        let statement = try connection.prepare(insertRow, stage: stage, persistent: false, action)
        for (index, value) in entry.values.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case let .text(text): try statement.bind(position, text: text)
            case let .integer(number): try statement.bind(position, int64: number)
            case let .timestamp(millis): try statement.bind(position, text: LedgerTable.timestampText(unixMillis: millis))
            case .null: try statement.bindNull(position)
            }
        }
        _ = try statement.step(stage: stage, action)
    }
}
