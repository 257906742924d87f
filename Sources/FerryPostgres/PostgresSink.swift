public import FerryCore

/// Loads typed batches into a PostgreSQL table through `COPY … FROM STDIN` (binary format when
/// every column allows it, text otherwise).
///
/// Every mode runs in one transaction (`BEGIN` … `COMMIT`), so a failed load, a cancelled one or
/// a `rollback()` leaves the database exactly as it was; the ledger row (`record`) is written in
/// the same transaction. Modes, types and what `replace` keeps: Docs/connectors/postgres.md.
public final class PostgresSink: BatchSink {
    /// Where the sink is in its life.
    private enum Phase {
        case ready
        case loading(PostgresLoad)
        case committed
        /// Rolled back: nothing more to do.
        case finished
    }

    private let connection: PGConnection
    /// The endpoint's connection, for the parallel COPY streams' connections.
    private let connectionString: Secret?
    private let interrupters: PostgresInterrupter
    /// The schema of `ferry_loads` the request named; nil: the target table's.
    private let ledgerSchema: String?
    private let name: PostgresTableName
    private let runID: RunID
    private var phase = Phase.ready
    /// The schema the target lives in, once known (for the ledger).
    private var targetSchema: String?
    /// The COPY format to use when every column has a binary encoding.
    var preferredFormat = CopyFormat.binary
    /// COPY streams, each on its own connection, for `create` and `replace` (other modes write
    /// inside the load's transaction through one). Set before `begin`; see
    /// Docs/connectors/postgres.md, "Parallel COPY".
    public var copyStreams = 1

    /// Connects (`PQconnectdbParams`; stage `connect`) to the database of `endpoint.connection`
    /// (nil: libpq's defaults) to load `endpoint.schema`.`endpoint.table`.
    public init(endpoint: PostgresEndpoint, runID: RunID) throws(FerryError) {
        guard let table = endpoint.table, !table.isEmpty else {
            throw FerryError(.invalidRequest, stage: .validate, "$.target.table: a PostgreSQL target needs a table name")
        }
        for (path, text) in [("table", table), ("schema", endpoint.schema ?? "")] {
            if text.utf8.contains(0) {
                throw FerryError(.invalidRequest, stage: .validate, "$.target.\(path): a PostgreSQL name cannot contain a NUL character")
            }
            if text.utf8.count > PostgresSQL.maxIdentifierBytes {
                throw FerryError(.invalidRequest, stage: .validate, "$.target.\(path): PostgreSQL names are at most 63 bytes long")
            }
        }
        if let schema = endpoint.schema, schema.isEmpty {
            throw FerryError(.invalidRequest, stage: .validate, "$.target.schema: must not be empty")
        }
        name = PostgresTableName(schema: endpoint.schema, table: table)
        self.runID = runID
        connectionString = endpoint.connection
        ledgerSchema = endpoint.ledgerSchema
        connection = try PGConnection(connection: endpoint.connection)
        interrupters = PostgresInterrupter(connection.canceller)
        targetSchema = endpoint.schema
    }

    deinit {
        if case .loading = phase { rollback() }
    }

    /// PostgreSQL keeps every decimal exactly, stores NaN and ±Infinity in double columns, and
    /// refuses NUL characters in text.
    public var valueLimits: ValueLimits {
        ValueLimits(targetName: "PostgreSQL", allowsNULInText: false)
    }

    /// Cancels the running statements of every connection of the load from another thread
    /// (`PQcancel`).
    public var interrupter: any Interrupter { interrupters }

    /// For `upsert`: the rows inserted or updated (one per distinct key); for `update`: the input
    /// rows whose key matched a row of the table. Known once `record` or `commit` ran; nil for
    /// other modes. (`write` returns the rows sent to the staging table for these modes.)
    public var rowsMerged: Int? {
        if case let .loading(load) = phase { return load.rowsMerged }
        return mergedAtCommit
    }
    private var mergedAtCommit: Int?

    /// The COPY format of the load in progress (for tests and measurements).
    var activeFormat: CopyFormat? {
        if case let .loading(load) = phase { return load.stream.format }
        return nil
    }

    /// The COPY streams of the load in progress (for tests).
    var activeStreams: Int? {
        if case let .loading(load) = phase { return (load.stream as? ParallelCopy)?.streamCount ?? 1 }
        return nil
    }

    /// The table's columns (PostgreSQL types mapped to Ferry types with their limits, NOT NULL
    /// flags), or nil when it does not exist. Views and other relations are refused.
    public func existingColumns() throws(FerryError) -> [Column]? {
        let catalog = PostgresCatalog(connection: connection, stage: .validate)
        guard let relation = try catalog.relation(name) else { return nil }
        guard ["r", "p", "f"].contains(relation.kind) else {
            throw FerryError(.targetSchemaMismatch, stage: .validate, "\(name) is a \(relation.kindName); a PostgreSQL target must be a table")
        }
        targetSchema = relation.schema
        return try catalog.columns(of: relation).map { column in
            let (type, limit) = PostgresTypeMapping.column(column.type)
            var c = Column(name: column.name, type: type, nullable: !column.notNull, origin: .target, limit: limit)
            c.hasDefault = column.hasDefault
            return c
        }
    }

    /// Opens the transaction (`BEGIN`) and prepares the table for `mode`.
    public func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) {
        guard case .ready = phase else {
            throw FerryError(.internalError, stage: .load, "the PostgreSQL sink for table \(name) was already used")
        }
        try validate(schema: schema, mode: mode, key: key)
        try connection.execute("BEGIN", PostgresContext(.load, "starting the transaction on table \(name)"))
        do throws(FerryError) {
            let secret = connectionString
            let streams = PostgresLoad.Streams(
                count: max(1, copyStreams), connect: { () throws(FerryError) in try PGConnection(connection: secret) },
                interrupter: interrupters)
            let load = try PostgresLoad.begin(
                connection: connection, name: name, schema: schema, mode: mode, key: key,
                runTag: String(runID.description.prefix(8)), format: preferredFormat, streams: streams)
            targetSchema = load.targetSchema
            phase = .loading(load)
        } catch {
            rollback()
            throw error
        }
    }

    /// Sends one batch through COPY; returns its row count (for `upsert` and `update`, rows go to
    /// a staging table and are merged at the end: see `rowsMerged`).
    public func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        guard case let .loading(load) = phase else {
            throw FerryError(.internalError, stage: .load, "writing table \(name) before the load began")
        }
        if connection.isInterrupted { throw cancelledError() }
        return try load.write(batch)
    }

    /// Ends the COPY and merges or swaps; for upsert and update returns the rows merged.
    public func finish() throws(FerryError) -> Int? {
        guard case let .loading(load) = phase else {
            throw FerryError(.internalError, stage: .commit, "finishing table \(name) before the load began")
        }
        do throws(FerryError) {
            try load.finish()
        } catch {
            rollback()
            throw error
        }
        return load.rowsMerged
    }

    /// Finishes the load (ends the COPY, merges or swaps) and inserts the ledger row into
    /// `ferry_loads` (in the endpoint's `ledgerSchema`, else the target table's schema) in the
    /// same transaction. For `update`, the row's `rows_written` is
    /// the matched rows (`rowsMerged`).
    public func record(_ entry: LedgerEntry) throws(FerryError) {
        guard case let .loading(load) = phase else {
            throw FerryError(.internalError, stage: .commit, "recording the load of table \(name) before it began")
        }
        do throws(FerryError) {
            try load.finish()
            var entry = entry
            if entry.mode == .update, let merged = load.rowsMerged { entry.rowsWritten = merged }
            try ledger(schema: load.targetSchema).insert(entry, stage: .commit, interruptible: true)
        } catch {
            rollback()
            throw error
        }
    }

    /// Finishes the load if `record` did not, and commits. When this fails, the transaction is
    /// rolled back and the database is unchanged.
    public func commit() throws(FerryError) {
        guard case let .loading(load) = phase else {
            throw FerryError(.internalError, stage: .commit, "committing table \(name) before the load began")
        }
        do throws(FerryError) {
            try load.finish()
            if connection.isInterrupted { throw cancelledError() }
            try connection.execute("COMMIT", PostgresContext(.commit, "committing table \(name)"))
            mergedAtCommit = load.rowsMerged
            phase = .committed
            load.staging?.release()
        } catch {
            rollback()
            throw error
        }
    }

    /// Records a failed load in `<schema>.ferry_loads`, in a transaction of its own; best effort:
    /// any error is ignored (the connection may be gone).
    public func recordFailure(_ entry: LedgerEntry) {
        guard connection.isUsable else { return }
        let context = PostgresContext(.commit, "recording the failed load of table \(name)")
        do throws(FerryError) {
            if connection.transactionStatus != .idle {
                try connection.execute("ROLLBACK", context, interruptible: false)
            }
            let schema: String
            if let ledgerSchema {
                schema = ledgerSchema
            } else if let targetSchema {
                schema = targetSchema
            } else if let current = try PostgresCatalog(connection: connection, stage: .commit).currentSchema() {
                schema = current
            } else {
                return
            }
            try connection.execute("BEGIN", context, interruptible: false)
            try ledger(schema: schema).insert(entry, stage: .commit, interruptible: false)
            try connection.execute("COMMIT", context, interruptible: false)
        } catch {
            if connection.transactionStatus != .idle {
                _ = try? connection.execute("ROLLBACK", context, interruptible: false)
            }
        }
    }

    /// Undoes everything since `begin`: ends an open COPY, then `ROLLBACK` (or, when that
    /// fails, disconnects, which rolls back too). Safe to call at any time, more than once.
    public func rollback() {
        switch phase {
        case .committed, .finished:
            return
        case .ready:
            phase = .finished
        case let .loading(load):
            phase = .finished
            load.stream.abort()
            defer { load.staging?.discard(via: connection) }
            rollbackTransaction()
            return
        }
        rollbackTransaction()
    }

    private func rollbackTransaction() {
        guard connection.isUsable, connection.transactionStatus != .idle else { return }
        do {
            try connection.execute("ROLLBACK", PostgresContext(.load, "rolling back table \(name)"), interruptible: false)
        } catch {
            // "PQfinish ... closes the connection to the server"; the server aborts the open
            // transaction of a closed connection.
            connection.close()
        }
    }

    /// The ledger in the request's `ledger_schema`, else in `schema` (the target table's).
    private func ledger(schema: String) -> PostgresLedger {
        PostgresLedger(connection: connection, table: PostgresTableName(schema: ledgerSchema ?? schema, table: LedgerEntry.defaultTable))
    }

    private func validate(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) {
        try schema.checkLoad(into: "\(name)", mode: mode, key: key, quoted: PostgresSQL.quoted)
        for column in schema.names where column.utf8.count > PostgresSQL.maxIdentifierBytes {
            throw FerryError(
                .invalidRequest, stage: .validate,
                "column \(PostgresSQL.quoted(column)) of table \(name) has a name longer than PostgreSQL's 63 bytes")
        }
    }

    private func cancelledError() -> FerryError {
        FerryError(.cancelled, stage: .cancelled, "the load into table \(name) was interrupted")
    }
}
