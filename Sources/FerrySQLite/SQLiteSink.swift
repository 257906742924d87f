package import FerryCore

/// Loads typed batches into a SQLite table: the shared transactional lifecycle over
/// `SQLiteTarget`'s statements.
package typealias SQLiteSink = TransactionalSink<SQLiteTarget>

extension TransactionalSink where Target == SQLiteTarget {
    /// Opens `endpoint.path` for writing, creating the file when it does not exist
    /// (`sqlite3_open_v2`); `endpoint.table` names the table to load.
    package convenience init(endpoint: SQLiteEndpoint, runID: RunID) throws(FerryError) {
        self.init(try SQLiteTarget(endpoint: endpoint, runID: runID))
    }
}

/// A SQLite table as a load target.
///
/// Every mode runs in one `BEGIN IMMEDIATE` … `COMMIT` transaction, so a failed load or a
/// rollback leaves the database exactly as it was; a database file this target created is
/// removed again when its load does not commit. Modes: see Docs/connectors/sqlite.md. Every load
/// records itself in the database's load ledger, the table `ferry_loads`, which a load can never
/// target.
package final class SQLiteTarget: TransactionalTarget {
    let connection: SQLiteConnection
    let table: String
    private let runID: RunID
    private let sinkInterrupter: SQLiteInterrupter
    /// Whether a load committed (the database file then stays, even one this target created).
    private var committed = false
    /// Whether a load is between `begin` and its end (the created file is still in use).
    private var inLoad = false
    /// `ALTER TABLE` statements (`on_schema_change`) that `begin` runs in the transaction.
    private var alterations: [String] = []

    init(endpoint: SQLiteEndpoint, runID: RunID) throws(FerryError) {
        let table = try TargetTableName.validate(table: endpoint.table, schema: nil, target: "a SQLite target", dialect: SQLiteSQL.dialect)
        self.table = table
        self.runID = runID
        connection = try SQLiteConnection(path: endpoint.path, role: .target, mode: .readWriteCreatingFile)
        sinkInterrupter = SQLiteInterrupter(connection: connection)
        do throws(FerryError) {
            if connection.createdFile {
                // A new database gets 64 KiB pages (SQLite's largest; 4 KiB by default): a bulk
                // load then splits and allocates a sixteenth as many pages (Docs/benchmarks.md,
                // "SQLite page size"). Takes effect with the first table; existing files keep theirs.
                try connection.execute("PRAGMA page_size = \(Self.newDatabasePageSize)", stage: .connect, "configuring the new SQLite database")
            }
            // About 32 MiB of page cache: enough to keep index pages of a large load hot, well
            // inside the process's memory target. Set after the page size: SQLite turns a negative
            // (KiB) size into a page count with the page size in effect, and a later page_size
            // keeps that count (32 MiB of 4 KiB pages would become 512 MiB of 64 KiB pages).
            try connection.execute("PRAGMA cache_size = \(Self.pageCacheSize)", stage: .connect, "configuring the SQLite connection")
        } catch {
            discardCreatedFile()
            throw error
        }
    }

    deinit {
        discardCreatedFile()
    }

    /// The page size of a database file the target creates.
    static let newDatabasePageSize = 65536

    /// `PRAGMA cache_size`: negative, so in KiB (32 MiB), whatever the page size.
    static let pageCacheSize = -32768

    package var targetName: String { "table \(SQLiteSQL.quoted(table))" }

    /// SQLite stores NaN as NULL and keeps 15 significant decimal digits exactly (as REAL).
    package var valueLimits: ValueLimits {
        SQLiteSQL.dialect.targetLimits
    }

    /// Stops a running statement from another thread (`sqlite3_interrupt`).
    package var interrupter: any Interrupter { sinkInterrupter }

    package var isInterrupted: Bool { connection.isInterrupted }

    /// SQLite compares column names ignoring ASCII letter case.
    package var foldsColumnNameCase: Bool { true }

    /// The table's columns (declared types mapped back, NOT NULL flags), or nil when it does not
    /// exist (`pragma_table_info`).
    package func existingColumns() throws(FerryError) -> [Column]? {
        let catalog = SQLiteCatalog(connection: connection, stage: .validate)
        switch try catalog.kind(of: table) {
        case nil: return nil
        case .view: throw FerryError(.targetSchemaMismatch, stage: .validate, "\(SQLiteSQL.quoted(table)) is a view; a SQLite target must be a table")
        case .table: return try catalog.columns(of: table).map(\.column)
        }
    }

    /// Takes the column changes `begin` makes; SQLite adds and drops columns but cannot change
    /// a column's declared type.
    package func evolve(_ changes: [SchemaChange]) throws(FerryError) {
        alterations = try SQLiteSQL.dialect.alterStatements(SQLiteSQL.quoted(table), name: targetName, changes: changes)
    }

    /// Opens the transaction (`BEGIN IMMEDIATE`), makes the column changes and prepares the
    /// table for `mode`.
    package func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) -> SQLiteLoad {
        try schema.checkLoad(into: SQLiteSQL.quoted(table), mode: mode, key: key, quoted: SQLiteSQL.quoted)
        inLoad = true
        try connection.execute("BEGIN IMMEDIATE", stage: .load, "starting the transaction on table \(SQLiteSQL.quoted(table))")
        for sql in alterations {
            try connection.execute(sql, stage: .load, "changing the columns of table \(SQLiteSQL.quoted(table))")
        }
        return try SQLiteLoad.begin(
            connection: connection, table: table, schema: schema, mode: mode, key: key,
            stagingSuffix: "__ferry_" + runID.tag)
    }

    /// Adds `entry` to the load ledger (`ferry_loads`, created when missing) inside the load's
    /// transaction, so the row commits exactly with the data.
    package func insertLedgerRow(_ entry: LedgerEntry, load: SQLiteLoad) throws(FerryError) {
        try SQLiteLedger.insert(entry, on: connection, stage: .commit)
    }

    package func commit(_ load: SQLiteLoad) throws(FerryError) {
        try connection.execute("COMMIT", stage: .commit, "committing table \(SQLiteSQL.quoted(table))")
        committed = true
        inLoad = false
    }

    /// `ROLLBACK` (or, when that fails, closing the connection, which rolls back too); removes
    /// the database file when this target created it.
    package func rollback(_ load: SQLiteLoad?) {
        inLoad = false
        if connection.inTransaction {
            do {
                try connection.execute("ROLLBACK", stage: .load, "rolling back table \(SQLiteSQL.quoted(table))")
            } catch {
                // sqlite3_close: "If sqlite3_close() is invoked while a transaction is open,
                // the transaction is automatically rolled back."
                connection.close()
            }
        }
        discardCreatedFile()
    }

    /// Records a failed load in the ledger in a transaction of its own. Best effort: when the
    /// database cannot be written (locked past the busy timeout, read-only, full) nothing is
    /// recorded. A database file this target created was removed by the rollback, and nothing is
    /// recorded in it: a failed load into a new file leaves no file behind.
    package func recordFailure(_ entry: LedgerEntry) {
        guard connection.isOpen, !connection.inTransaction else { return }
        do throws(FerryError) {
            try connection.execute("BEGIN IMMEDIATE", stage: .commit, "starting the transaction that records a failed load")
            try SQLiteLedger.insert(entry, on: connection, stage: .commit)
            try connection.execute("COMMIT", stage: .commit, "committing the record of a failed load")
        } catch {
            // Best effort by contract: the load's own error is what the run reports.
            if connection.inTransaction {
                do {
                    try connection.execute("ROLLBACK", stage: .commit, "rolling back the record of a failed load")
                } catch {
                    connection.close()
                }
            }
        }
    }

    /// Closes the connection and removes the database file when this target created it and
    /// nothing was committed (the file is then empty again).
    private func discardCreatedFile() {
        guard connection.createdFile, !committed, !inLoad else { return }
        connection.close()
        DatabaseFile.removeIfEmpty(connection.path)
    }
}
