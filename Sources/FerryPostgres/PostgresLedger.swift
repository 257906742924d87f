package import FerryCore

/// The load ledger, `<schema>.ferry_loads`: one row per load, with the same columns as the
/// SQLite ledger (see Docs/connectors/postgres.md). Created on first use, and brought up to date
/// in place when an older Ferry made it; rows are inserted with parameters (`PQexecParams`),
/// never with values in the SQL text.
package struct PostgresLedger {
    let connection: PGConnection
    let table: PostgresTableName
    /// The load's target table, whose oid the row records (`LedgerColumn.targetOID`).
    var target: PostgresTableName?

    /// `CREATE TABLE IF NOT EXISTS` with the ledger's columns.
    var createSQL: String { LedgerTable.createSQL(table: table.sql, ifNotExists: true, dialect: .postgres) }

    /// `INSERT … VALUES ($1, …)` with casts for the bigint and timestamptz parameters; the target's
    /// oid is read by the server (`to_regclass` of its quoted name) when the row is written, so in
    /// the load's transaction it is the oid of the table the load leaves behind.
    var insertSQL: String {
        LedgerTable.insertSQL(table: table.sql, dialect: .postgres) { position, column in
            if column == .targetOID { return "pg_catalog.to_regclass($\(position))::oid::bigint" }
            return switch column.kind {
            case .text: "$\(position)"
            case .integer: "$\(position)::bigint"
            case .timestamp: "$\(position)::timestamptz"
            }
        }
    }

    /// Creates the table when needed, adds the columns an older ledger lacks, and inserts
    /// `entry`, in the caller's transaction.
    func insert(_ entry: LedgerEntry, stage: FerryError.Stage, interruptible: Bool) throws(FerryError) {
        let context = PostgresContext(stage, "writing the load ledger \(table)")
        try connection.execute(createSQL, context, interruptible: interruptible)
        try migrate(context, interruptible: interruptible)
        try connection.execute(insertSQL, parameters: parameters(entry), context, interruptible: interruptible)
    }

    /// Adds `LedgerColumn.addedLater` columns the table lacks. The catalog is read first, so an
    /// up-to-date ledger takes no lock beyond the insert's; `ADD COLUMN IF NOT EXISTS` makes a
    /// concurrent load's migration (both saw the column missing; the second waits for the
    /// first's lock and then finds it) a no-op.
    func migrate(_ context: @autoclosure () -> PostgresContext, interruptible: Bool) throws(FerryError) {
        let result = try connection.execute(
            """
            SELECT a.attname::text FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = pg_catalog.to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
            """,
            parameters: [table.sql], context(), interruptible: interruptible)
        let existing = (0..<result.rowCount).compactMap { result.text($0, 0) }
        for column in LedgerTable.missingColumns(existing: existing) {
            try connection.execute(
                LedgerTable.addColumnSQL(table: table.sql, column: column, ifNotExists: true, dialect: .postgres),
                context(), interruptible: interruptible)
        }
    }

    /// The parameters of `insertSQL` as text; times as UTC ISO text, the target as its quoted name.
    func parameters(_ entry: LedgerEntry) -> [String?] {
        entry.values.map { value in
            switch value {
            case let .text(text): text
            case let .integer(number): String(number)
            case let .timestamp(millis): Self.timestamp(millis: millis)
            case .null: nil
            case .targetIdentity: target?.sql
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

extension PostgresLedger {
    /// The ledger's latest row for `endpoint`'s table and that table's current oid, for
    /// `ferry dbt`'s skip decision; nil when there is no ledger or no row. Reads only (a ledger
    /// an older Ferry made, without the newer columns, reads them as null).
    package static func latest(for endpoint: PostgresEndpoint) throws(FerryError) -> LedgerSnapshot? {
        guard let tableName = endpoint.table else { return nil }
        let connection = try PGConnection(connection: endpoint.connection)
        defer { connection.close() }
        let target = PostgresTableName(schema: endpoint.schema, table: tableName)
        let context = PostgresContext(.validate, "reading the load ledger for table \(target)")
        let catalog = PostgresCatalog(connection: connection, stage: .validate)
        var schema = endpoint.ledgerSchema ?? endpoint.schema
        if schema == nil { schema = try catalog.currentSchema() }
        guard let schema else { return nil }
        let ledger = PostgresTableName(schema: schema, table: LedgerEntry.defaultTable)
        guard try catalog.relation(ledger) != nil else { return nil }
        // to_jsonb(l) holds the columns the table has: an older ledger's rows read as null.
        let result = try connection.execute(
            """
            SELECT l.\(LedgerColumn.runID)::text, l.\(LedgerColumn.status)::text, l.\(LedgerColumn.sourceSHA256)::text,
                   pg_catalog.to_jsonb(l) ->> '\(LedgerColumn.columnTypes)',
                   (pg_catalog.to_jsonb(l) ->> '\(LedgerColumn.targetOID)')::bigint,
                   pg_catalog.to_regclass($2)::oid::bigint
            FROM \(ledger.sql) l
            WHERE l.\(LedgerColumn.targetTable) = $1
            ORDER BY l.\(LedgerColumn.endedAt) DESC
            LIMIT 1
            """,
            parameters: [endpoint.objectName, target.sql], context)
        guard result.rowCount == 1 else { return nil }
        return LedgerSnapshot(
            runID: result.text(0, 0) ?? "", completed: result.text(0, 1) == LedgerEntry.Status.completed.rawValue,
            sourceSHA256: result.text(0, 2), columnTypes: result.text(0, 3),
            recordedIdentity: result.int(0, 4).map(Int64.init), currentIdentity: result.int(0, 5).map(Int64.init),
            tableExists: result.int(0, 5) != nil)
    }
}
