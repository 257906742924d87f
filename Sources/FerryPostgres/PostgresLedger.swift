import FerryCore

/// The load ledger, `<schema>.ferry_loads`: one row per load, with the same columns as the
/// SQLite ledger (see Docs/connectors/postgres.md). Created on first use; rows are inserted with
/// parameters (`PQexecParams`), never with values in the SQL text.
struct PostgresLedger {
    let connection: PGConnection
    let table: PostgresTableName

    /// `CREATE TABLE IF NOT EXISTS` with the ledger's columns.
    var createSQL: String { LedgerTable.createSQL(table: table.sql, ifNotExists: true, dialect: .postgres) }

    /// `INSERT … VALUES ($1, …)` with casts for the bigint and timestamptz parameters.
    var insertSQL: String {
        LedgerTable.insertSQL(table: table.sql, dialect: .postgres) { position, kind in
            switch kind {
            case .text: "$\(position)"
            case .integer: "$\(position)::bigint"
            case .timestamp: "$\(position)::timestamptz"
            }
        }
    }

    /// Creates the table when needed and inserts `entry`, in the caller's transaction.
    func insert(_ entry: LedgerEntry, stage: FerryError.Stage, interruptible: Bool) throws(FerryError) {
        let context = PostgresContext(stage, "writing the load ledger \(table)")
        try connection.execute(createSQL, context, interruptible: interruptible)
        try connection.execute(insertSQL, parameters: Self.parameters(entry), context, interruptible: interruptible)
    }

    /// The parameters of `insertSQL` as text; times as UTC ISO text.
    static func parameters(_ entry: LedgerEntry) -> [String?] {
        entry.values.map { value in
            switch value {
            case let .text(text): text
            case let .integer(number): String(number)
            case let .timestamp(millis): timestamp(millis: millis)
            case .null: nil
            }
        }
    }

    /// `YYYY-MM-DD HH:MM:SS.fffZ` for Unix milliseconds.
    static func timestamp(millis: Int64) -> String {
        var bytes: [UInt8] = []
        ValueFormatter.appendTimestamp(micros: millis * 1000, utcSuffix: true, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
