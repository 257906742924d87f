package import FerryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The load ledger in a SQLite database: the table `ferry_loads` (`LedgerTable`), one row per
/// load, created on first use and brought up to date in place when an older Ferry made it.
/// Timestamps are fixed-width UTC text so that text order is time order
/// (Docs/connectors/sqlite.md, "Load ledger").
///
/// SQLite has no identity for a table that survives nothing but the table itself (a rowid of
/// `sqlite_schema` or a root page can be reused by a table created in its place), so
/// `target_oid` is always null here.
package enum SQLiteLedger {
    /// `CREATE TABLE IF NOT EXISTS "ferry_loads" (…)`.
    static let createTable = LedgerTable.createSQL(table: SQLiteSQL.quoted(LedgerTable.name), ifNotExists: true, dialect: .sqlite)

    /// `INSERT INTO "ferry_loads" (…) VALUES (?1, …)`, in `LedgerColumn` order.
    static let insertRow = LedgerTable.insertSQL(table: SQLiteSQL.quoted(LedgerTable.name), dialect: .sqlite) { position, _ in "?\(position)" }

    /// Creates the ledger table when it is missing, adds the columns an older ledger lacks, and
    /// inserts `entry`, on `connection`'s current transaction (or as one autocommit statement
    /// each when none is open). A load's transaction holds SQLite's write lock by the time its
    /// ledger row is written (and a failed load's record opens with `BEGIN IMMEDIATE`), so no
    /// other writer can add a column between the check and the `ALTER TABLE`.
    static func insert(_ entry: LedgerEntry, on connection: SQLiteConnection, stage: FerryError.Stage) throws(FerryError) {
        let action = "recording the load of table \(SQLiteSQL.quoted(entry.targetTable)) in the ledger table \(SQLiteSQL.quoted(LedgerTable.name))"
        try connection.execute(createTable, stage: stage, action)
        try migrate(connection, stage: stage)
        let statement = try connection.prepare(insertRow, stage: stage, persistent: false, action)
        for (index, value) in entry.values.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case let .text(text): try statement.bind(position, text: text)
            case let .integer(number): try statement.bind(position, int64: number)
            case let .timestamp(millis): try statement.bind(position, text: LedgerTable.timestampText(unixMillis: millis))
            case .null, .targetIdentity: try statement.bindNull(position)
            }
        }
        _ = try statement.step(stage: stage, action)
    }

    /// Adds the `LedgerColumn.addedLater` columns the ledger table lacks (`pragma_table_info`).
    static func migrate(_ connection: SQLiteConnection, stage: FerryError.Stage) throws(FerryError) {
        let action = "bringing the ledger table \(SQLiteSQL.quoted(LedgerTable.name)) up to date"
        let missing = LedgerTable.missingColumns(existing: try columns(connection, stage: stage))
        for column in missing {
            do {
                try connection.execute(
                    LedgerTable.addColumnSQL(table: SQLiteSQL.quoted(LedgerTable.name), column: column, ifNotExists: false, dialect: .sqlite),
                    stage: stage, action)
            } catch {
                // Another connection may have added it first (SQLite has no ADD COLUMN IF NOT EXISTS).
                guard try columns(connection, stage: stage).contains(column.rawValue) else { throw error }
            }
        }
    }

    /// The ledger table's column names (none when it does not exist).
    static func columns(_ connection: SQLiteConnection, stage: FerryError.Stage) throws(FerryError) -> [String] {
        let action = "reading the columns of the ledger table \(SQLiteSQL.quoted(LedgerTable.name))"
        let statement = try connection.prepare(
            "SELECT name FROM pragma_table_info('\(LedgerTable.name)')", stage: stage, persistent: false, action)
        var names: [String] = []
        while try statement.step(stage: stage, action) {
            names.append(String(decoding: statement.text(0), as: UTF8.self))
        }
        return names
    }

    /// The ledger's latest row for `endpoint`'s table, for `ferry dbt`'s skip decision; nil when
    /// the file, the ledger or a row is missing. Opens the file read-only. No table identity
    /// (see the type's comment): the decision rests on the checksum, the column types and the
    /// table existing.
    package static func latest(for endpoint: SQLiteEndpoint) throws(FerryError) -> LedgerSnapshot? {
        guard let table = endpoint.table, access(endpoint.path, F_OK) == 0 else { return nil }
        let connection = try SQLiteConnection(path: endpoint.path, role: .target, mode: .readOnly)
        defer { connection.close() }
        let ledgerColumns = try columns(connection, stage: .validate)
        guard !ledgerColumns.isEmpty else { return nil }
        let action = "reading the ledger table \(SQLiteSQL.quoted(LedgerTable.name)) for table \(SQLiteSQL.quoted(table))"
        let hasColumnTypes = ledgerColumns.contains(LedgerColumn.columnTypes.rawValue)
        let statement = try connection.prepare(
            """
            SELECT \(LedgerColumn.runID), \(LedgerColumn.status), \(LedgerColumn.sourceSHA256),
                   \(hasColumnTypes ? LedgerColumn.columnTypes.rawValue : "NULL"),
                   EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)
            FROM \(SQLiteSQL.quoted(LedgerTable.name))
            WHERE \(LedgerColumn.targetTable) = ?1
            ORDER BY \(LedgerColumn.endedAt) DESC
            LIMIT 1
            """, stage: .validate, persistent: false, action)
        try statement.bind(1, text: table)
        guard try statement.step(stage: .validate, action) else { return nil }
        func text(_ index: Int) -> String? {
            statement.kind(index) == .null ? nil : String(decoding: statement.text(index), as: UTF8.self)
        }
        return LedgerSnapshot(
            runID: text(0) ?? "", completed: text(1) == LedgerEntry.Status.completed.rawValue, sourceSHA256: text(2),
            columnTypes: text(3), recordedIdentity: nil, currentIdentity: nil, tableExists: statement.int64(4) == 1)
    }
}
