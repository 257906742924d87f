package import FerryCore

/// Loads typed batches into a PostgreSQL table through `COPY … FROM STDIN`: the shared
/// transactional lifecycle over `PostgresTarget`'s statements.
package typealias PostgresSink = TransactionalSink<PostgresTarget>

extension TransactionalSink where Target == PostgresTarget {
    /// Connects (`PQconnectdbParams`; stage `connect`) to the database of `endpoint.connection`
    /// (nil: libpq's defaults) to load `endpoint.schema`.`endpoint.table`.
    package convenience init(endpoint: PostgresEndpoint, runID: RunID) throws(FerryError) {
        self.init(try PostgresTarget(endpoint: endpoint, runID: runID))
    }

    /// COPY streams, each on its own connection, for `create` and `replace`. Set before `begin`.
    package var copyStreams: Int {
        get { target.copyStreams }
        set { target.copyStreams = newValue }
    }

    /// The COPY format to use when every column has a binary encoding.
    var preferredFormat: CopyFormat {
        get { target.preferredFormat }
        set { target.preferredFormat = newValue }
    }

    /// The COPY format of the load in progress (for tests and measurements).
    var activeFormat: CopyFormat? { activeLoad?.stream.format }

    /// Whether the load in progress writes its rows frozen (`COPY … FREEZE`; for tests).
    var activeFreeze: Bool? { activeLoad.map { ($0.stream as? CopyStream)?.freeze ?? false } }

    /// The COPY streams of the load in progress (for tests).
    var activeStreams: Int? { activeLoad.map { ($0.stream as? ParallelCopy)?.streamCount ?? 1 } }
}

/// A PostgreSQL table as a load target: `COPY … FROM STDIN` (binary format when every column
/// allows it, text otherwise), optionally over parallel streams into a staging table.
///
/// Every mode runs in one transaction (`BEGIN` … `COMMIT`), so a failed load, a cancelled one or
/// a rollback leaves the database exactly as it was; the ledger row is written in the same
/// transaction. Modes, types and what `replace` keeps: Docs/connectors/postgres.md.
package final class PostgresTarget: TransactionalTarget {
    let connection: PGConnection
    /// The endpoint's connection, for the parallel COPY streams' connections.
    let connectionString: Secret?
    private let interrupters: PostgresInterrupter
    /// The schema of `ferry_loads` the request named; nil: the target table's.
    let ledgerSchema: String?
    /// Whether a missing target schema is created in the load's transaction.
    private let createSchema: Bool
    let name: PostgresTableName
    private let runID: RunID
    /// The schema the target lives in, once known (for the ledger).
    var targetSchema: String?
    /// `ALTER TABLE` statements (`on_schema_change`) that `begin` runs in the transaction.
    private var alterations: [String] = []
    /// The COPY format to use when every column has a binary encoding.
    var preferredFormat = CopyFormat.binary
    /// COPY streams, each on its own connection, for `create` and `replace` (other modes write
    /// inside the load's transaction through one). Set before `begin`; see
    /// Docs/connectors/postgres.md, "Parallel COPY".
    package var copyStreams = 1

    init(endpoint: PostgresEndpoint, runID: RunID) throws(FerryError) {
        let table = try TargetTableName.validate(
            table: endpoint.table, schema: endpoint.schema, target: "a PostgreSQL target", dialect: PostgresSQL.dialect)
        // A temporary schema's tables vanish when the load's connection closes: the load would
        // report success for a table nobody can read.
        for (path, schema) in [("schema", endpoint.schema), ("ledger_schema", endpoint.ledgerSchema)] {
            guard let schema else { continue }
            let lower = schema.lowercased()
            if lower == "pg_temp" || lower.hasPrefix("pg_temp_") {
                throw FerryError(
                    .invalidRequest, stage: .validate,
                    "$.target.\(path): \(schema) is the connection's temporary schema; its tables vanish when the load ends")
            }
        }
        name = PostgresTableName(schema: endpoint.schema, table: table)
        self.runID = runID
        connectionString = endpoint.connection
        ledgerSchema = endpoint.ledgerSchema
        createSchema = endpoint.createSchema
        connection = try PGConnection(connection: endpoint.connection)
        interrupters = PostgresInterrupter(connection.canceller)
        targetSchema = endpoint.schema
    }

    package var targetName: String { "table \(name)" }

    /// PostgreSQL keeps every decimal exactly, stores NaN and ±Infinity in double columns, and
    /// refuses NUL characters in text.
    package var valueLimits: ValueLimits {
        PostgresSQL.dialect.targetLimits
    }

    /// Cancels the running statements of every connection of the load from another thread
    /// (`PQcancel`).
    package var interrupter: any Interrupter { interrupters }

    package var isInterrupted: Bool { connection.isInterrupted }

    /// The table's columns (PostgreSQL types mapped to Ferry types with their limits, NOT NULL
    /// flags), or nil when it does not exist. Views and other relations are refused.
    package func existingColumns() throws(FerryError) -> [Column]? {
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

    /// Opens the transaction (`BEGIN`), prepares the table for `mode` and opens the COPY stream.
    /// Takes the column changes (`on_schema_change`) `begin` makes inside the transaction.
    package func evolve(_ changes: [SchemaChange]) throws(FerryError) {
        alterations = try PostgresSQL.dialect.alterStatements(name.sql, name: "table \(name)", changes: changes)
    }

    package func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) -> PostgresLoad {
        try schema.checkLoad(into: "\(name)", mode: mode, key: key, quoted: PostgresSQL.quoted)
        for column in schema.names where column.utf8.count > PostgresSQL.maxIdentifierBytes {
            throw FerryError(
                .invalidRequest, stage: .validate,
                "column \(PostgresSQL.quoted(column)) of table \(name) has a name longer than PostgreSQL's 63 bytes")
        }
        try connection.execute("BEGIN", PostgresContext(.load, "starting the transaction on table \(name)"))
        for sql in alterations {
            _ = try connection.execute(sql, PostgresContext(.load, "changing the columns of table \(name)"))
        }
        let secret = connectionString
        let streams = PostgresLoad.Streams(
            count: max(1, copyStreams), connect: { () throws(FerryError) in try PGConnection(connection: secret) },
            interrupter: interrupters)
        let load = try PostgresLoad.begin(
            connection: connection, name: name, schema: schema, mode: mode, key: key,
            runTag: runID.tag, format: preferredFormat, streams: streams, createSchema: createSchema)
        targetSchema = load.targetSchema
        return load
    }

    /// Inserts the ledger row into `ferry_loads` (in the endpoint's `ledgerSchema`, else the
    /// target table's schema) in the load's transaction.
    package func insertLedgerRow(_ entry: LedgerEntry, load: PostgresLoad) throws(FerryError) {
        var ledger = ledger(schema: load.targetSchema)
        ledger.target = PostgresTableName(schema: load.targetSchema, table: name.table)
        try ledger.insert(entry, stage: .commit, interruptible: true)
    }

    /// `COMMIT`; then the parallel load's committed staging table is released.
    package func commit(_ load: PostgresLoad) throws(FerryError) {
        try connection.execute("COMMIT", PostgresContext(.commit, "committing table \(name)"))
        load.staging?.release()
    }

    /// Ends an open COPY, drops a parallel load's staging table, then `ROLLBACK` (or, when that
    /// fails, disconnects, which rolls back too).
    package func rollback(_ load: PostgresLoad?) {
        load?.stream.abort()
        defer { load?.staging?.discard(via: connection) }
        guard connection.isUsable, connection.transactionStatus != .idle else { return }
        do {
            try connection.execute("ROLLBACK", PostgresContext(.load, "rolling back table \(name)"), interruptible: false)
        } catch {
            // "PQfinish ... closes the connection to the server"; the server aborts the open
            // transaction of a closed connection.
            connection.close()
        }
    }

    /// Records a failed load in `<schema>.ferry_loads`, in a transaction of its own; best effort:
    /// any error is ignored (the connection may be gone).
    package func recordFailure(_ entry: LedgerEntry) {
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
            var ledger = ledger(schema: schema)
            ledger.target = PostgresTableName(schema: targetSchema ?? name.schema, table: name.table)
            try ledger.insert(entry, stage: .commit, interruptible: false)
            try connection.execute("COMMIT", context, interruptible: false)
        } catch {
            if connection.transactionStatus != .idle {
                _ = try? connection.execute("ROLLBACK", context, interruptible: false)
            }
        }
    }

    /// The ledger in the request's `ledger_schema`, else in `schema` (the target table's).
    private func ledger(schema: String) -> PostgresLedger {
        PostgresLedger(connection: connection, table: PostgresTableName(schema: ledgerSchema ?? schema, table: LedgerEntry.defaultTable))
    }
}
