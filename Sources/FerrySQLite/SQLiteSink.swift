public import FerryCore

/// Loads typed batches into a SQLite table. Opens (creating if needed) the database file.
///
/// Every mode runs in one `BEGIN IMMEDIATE` … `COMMIT` transaction, so a failed load or a
/// `rollback()` leaves the database exactly as it was; a database file this sink created is
/// removed again when its load does not commit. Modes: see Docs/connectors/sqlite.md. Every load
/// records itself in the database's load ledger, the table `ferry_loads` (`record`,
/// `recordFailure`), which a load can never target.
public final class SQLiteSink: BatchSink {
    /// Where the sink is in its life.
    private enum Phase {
        case ready
        case loading(SQLiteLoad)
        case committed
        /// Rolled back, or the created file removed: nothing more to do.
        case finished
    }

    private let connection: SQLiteConnection
    private let table: String
    private let runID: RunID
    private let sinkInterrupter: SQLiteInterrupter
    private var phase = Phase.ready

    /// Opens `endpoint.path` for writing, creating the file when it does not exist
    /// (`sqlite3_open_v2`); `endpoint.table` names the table to load.
    public init(endpoint: SQLiteEndpoint, runID: RunID) throws(FerryError) {
        guard let table = endpoint.table, !table.isEmpty else {
            throw FerryError(.invalidRequest, stage: .validate, "$.target.table: a SQLite target needs a table name")
        }
        guard !table.utf8.contains(0) else {
            throw FerryError(.invalidRequest, stage: .validate, "$.target.table: a SQLite table name cannot contain a NUL character")
        }
        guard !SQLiteLedger.isLedger(table) else {
            throw FerryError(
                .invalidRequest, stage: .validate,
                "$.target.table: \(SQLiteSQL.quoted(table)) is Ferry's load ledger, which only Ferry writes; load into another table")
        }
        self.table = table
        self.runID = runID
        connection = try SQLiteConnection(path: endpoint.path, role: .target, mode: .readWriteCreatingFile)
        sinkInterrupter = SQLiteInterrupter(connection: connection)
        do throws(FerryError) {
            // About 32 MiB of page cache: enough to keep index pages of a large load hot, well
            // inside the process's memory target.
            try connection.execute("PRAGMA cache_size = -32768", stage: .connect, "configuring the SQLite connection")
        } catch {
            discardCreatedFile()
            throw error
        }
    }

    deinit {
        if case .loading = phase { rollback() }
        discardCreatedFile()
    }

    /// SQLite stores NaN as NULL and keeps 15 significant decimal digits exactly (as REAL).
    public var valueLimits: ValueLimits {
        ValueLimits(targetName: "SQLite", maxDecimalDigits: 15, allowsNaN: false)
    }

    /// Stops a running statement from another thread (`sqlite3_interrupt`).
    public var interrupter: any Interrupter { sinkInterrupter }

    /// The table's columns (declared types mapped back, NOT NULL flags), or nil when it does not
    /// exist (`pragma_table_info`).
    public func existingColumns() throws(FerryError) -> [Column]? {
        let catalog = SQLiteCatalog(connection: connection, stage: .validate)
        switch try catalog.kind(of: table) {
        case nil: return nil
        case .view: throw viewError()
        case .table: return try catalog.columns(of: table).map(\.column)
        }
    }

    /// Opens the transaction (`BEGIN IMMEDIATE`) and prepares the table for `mode`.
    public func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) {
        guard case .ready = phase else {
            throw FerryError(.internalError, stage: .load, "the SQLite sink for table \(SQLiteSQL.quoted(table)) was already used")
        }
        if connection.isInterrupted { throw cancelledError() }
        try validate(schema: schema, mode: mode, key: key)
        try connection.execute("BEGIN IMMEDIATE", stage: .load, "starting the transaction on table \(SQLiteSQL.quoted(table))")
        do throws(FerryError) {
            let load = try SQLiteLoad.begin(
                connection: connection, table: table, schema: schema, mode: mode, key: key,
                stagingSuffix: "__ferry_" + String(runID.description.prefix(8)))
            phase = .loading(load)
        } catch {
            rollback()
            throw error
        }
    }

    /// Writes one batch; returns the rows written (for `update`: the rows whose key matched).
    public func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        guard case let .loading(load) = phase else {
            throw FerryError(.internalError, stage: .load, "writing table \(SQLiteSQL.quoted(table)) before the load began")
        }
        return try load.writer.write(batch)
    }

    /// Adds `entry` to the load ledger (`ferry_loads`, created when missing) inside the load's
    /// transaction, so the row commits exactly with the data. When this fails, the transaction is
    /// rolled back (data included) and the load fails.
    public func record(_ entry: LedgerEntry) throws(FerryError) {
        guard case .loading = phase else {
            throw FerryError(.internalError, stage: .commit, "recording the load of table \(SQLiteSQL.quoted(table)) before the load began")
        }
        do throws(FerryError) {
            if connection.isInterrupted { throw cancelledError() }
            try SQLiteLedger.insert(entry, on: connection, stage: .commit)
        } catch {
            rollback()
            throw error
        }
    }

    /// Finishes the load (for `replace`: drops the old table and renames the new one) and commits.
    /// When this fails, the transaction is rolled back and the database is unchanged.
    public func commit() throws(FerryError) {
        guard case let .loading(load) = phase else {
            throw FerryError(.internalError, stage: .commit, "committing table \(SQLiteSQL.quoted(table)) before the load began")
        }
        do throws(FerryError) {
            if connection.isInterrupted { throw cancelledError() }
            try load.finish()
            try connection.execute("COMMIT", stage: .commit, "committing table \(SQLiteSQL.quoted(table))")
            phase = .committed
        } catch {
            rollback()
            throw error
        }
    }

    /// Records a failed load in the ledger in a transaction of its own, after rolling back the
    /// load if that has not happened yet. Best effort: when the database cannot be written (locked
    /// past the busy timeout, read-only, full) nothing is recorded. A database file this sink
    /// created is removed by the rollback, and nothing is recorded in it: a failed load into a new
    /// file leaves no file behind.
    public func recordFailure(_ entry: LedgerEntry) {
        switch phase {
        case .ready, .loading: rollback()
        case .committed, .finished: break
        }
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
                    // sqlite3_close: "If sqlite3_close() is invoked while a transaction is open,
                    // the transaction is automatically rolled back."
                    connection.close()
                }
            }
        }
    }

    /// Undoes everything since `begin` (`ROLLBACK`); removes the database file when this sink
    /// created it. Safe to call at any time, more than once.
    public func rollback() {
        switch phase {
        case .committed, .finished:
            return
        case .ready, .loading:
            phase = .finished  // releases the load's statements
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
    }

    /// Closes the connection and removes the database file when this sink created it and nothing
    /// was committed (the file is then empty again).
    private func discardCreatedFile() {
        guard connection.createdFile else { return }
        if case .committed = phase { return }
        if case .loading = phase { return }
        connection.close()
        DatabaseFile.removeIfEmpty(connection.path)
    }

    private func validate(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) {
        try schema.checkLoad(into: SQLiteSQL.quoted(table), mode: mode, key: key, quoted: SQLiteSQL.quoted)
    }

    private func viewError() -> FerryError {
        FerryError(.targetSchemaMismatch, stage: .validate, "\(SQLiteSQL.quoted(table)) is a view; a SQLite target must be a table")
    }

    private func cancelledError() -> FerryError {
        FerryError(.cancelled, stage: .cancelled, "the load into table \(SQLiteSQL.quoted(table)) was interrupted")
    }
}
