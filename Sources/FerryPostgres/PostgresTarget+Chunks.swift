package import FerryCore

/// Chunked loads into PostgreSQL (Docs/many-files.md, "Chunked, resumable loads"): the staging
/// table is an ordinary (logged) table next to the target, numbered by an identity column that
/// COPY fills in load order when the final move needs that order (upsert: the last row of a key
/// wins); the checkpoint table `ferry_checkpoints` lives in the ledger's schema.
extension PostgresTarget: ChunkStagingTarget {
    /// `ferry_checkpoints` in the request's `ledger_schema`, else the target's schema as given
    /// (unqualified: the search_path's), as every sink of the load names it.
    var checkpointTable: PostgresTableName {
        PostgresTableName(schema: ledgerSchema ?? name.schema, table: ChunkCheckpointTable.name)
    }

    /// The staging table `table`, in the target's schema as given.
    func stagingName(_ table: String) -> PostgresTableName {
        PostgresTableName(schema: name.schema, table: table)
    }

    package func readCheckpoint(key: String) throws(FerryError) -> ChunkCheckpoint? {
        let context = PostgresContext(.connect, "reading the checkpoint of table \(name)")
        let exists = try connection.execute("SELECT pg_catalog.to_regclass($1) IS NOT NULL", parameters: [checkpointTable.sql], context)
        guard exists.bool(0, 0) else { return nil }
        try addResumeColumn(context)
        let sql = ChunkCheckpointTable.selectSQL(table: checkpointTable.sql, dialect: .postgres) { "$\($0)" }
        let result = try connection.execute(sql, parameters: [key], context)
        guard result.rowCount > 0 else { return nil }
        let row = ChunkCheckpointTable.columns.indices.map { result.text(0, $0) }
        guard let checkpoint = ChunkCheckpointTable.checkpoint(fromRow: row) else {
            throw FerryError(.targetSchemaMismatch, stage: .validate,
                             "the checkpoint row of this load in \(checkpointTable) cannot be read; delete it to start over")
        }
        return checkpoint
    }

    /// Without `ordered` the staging table has no numbering column: drawing a sequence value for
    /// every row costs COPY about a tenth of its time (Docs/benchmarks.md, "Chunked, resumable
    /// loads").
    package func prepareStaging(_ table: String, schema: Schema, key: String, ordered: Bool) throws(FerryError) {
        let staging = stagingName(table)
        let context = PostgresContext(.load, "creating the staging table \(staging)")
        try connection.execute("BEGIN", context)
        do throws(FerryError) {
            try connection.execute(ChunkCheckpointTable.createSQL(table: checkpointTable.sql, dialect: .postgres), context)
            try addResumeColumn(context)
            _ = try connection.execute(ChunkCheckpointTable.deleteSQL(table: checkpointTable.sql, dialect: .postgres) { "$\($0)" },
                                       parameters: [key], context)
            try connection.execute("DROP TABLE IF EXISTS \(staging.sql)", context)
            try connection.execute(PostgresSQL.createTable(staging, schema: schema, primaryKey: []), context)
            if ordered {
                let ordinal = ChunkCheckpointTable.ordinalColumn(avoiding: schema.names)
                try connection.execute(
                    "ALTER TABLE \(staging.sql) ADD COLUMN \(PostgresSQL.quoted(ordinal)) bigint GENERATED ALWAYS AS IDENTITY", context)
            }
            try connection.execute("COMMIT", context)
        } catch {
            _ = try? connection.execute("ROLLBACK", context, interruptible: false)
            throw error
        }
    }

    /// Adds the column a checkpoint table made by an older Ferry lacks.
    private func addResumeColumn(_ context: PostgresContext) throws(FerryError) {
        try connection.execute("ALTER TABLE \(checkpointTable.sql) ADD COLUMN IF NOT EXISTS \(PostgresSQL.quoted(ChunkCheckpointTable.addedColumn)) text", context)
    }

    /// Ends the chunk's COPY first: the connection takes no other statement while one runs.
    package func saveCheckpoint(_ checkpoint: ChunkCheckpoint, load: PostgresLoad) throws(FerryError) {
        _ = try load.finish()
        let context = PostgresContext(.commit, "saving the checkpoint of table \(name)")
        let table = checkpointTable.sql
        _ = try connection.execute(ChunkCheckpointTable.deleteSQL(table: table, dialect: .postgres) { "$\($0)" },
                                   parameters: [checkpoint.key], context)
        let values: [String?] = ChunkCheckpointTable.values(checkpoint).map(\.parameterText)
        _ = try connection.execute(ChunkCheckpointTable.insertSQL(table: table, dialect: .postgres) { "$\($0)" }, parameters: values, context)
    }

    package func moveStaged(from table: String, schema: Schema, ordered: Bool, staged: Int, load: PostgresLoad) throws(FerryError) -> Int {
        guard let stream = load.stream as? CopyStream else {
            throw FerryError(.internalError, stage: .load, "a chunked load into \(name) must write through one COPY stream")
        }
        let staging = stagingName(table)
        if load.intoNewTable && load.rowsCopied == 0 {
            try renameStaged(staging, into: stream.table, schema: schema)
            return staged
        }
        let columns = PostgresSQL.list(schema.names)
        let order = ordered ? " ORDER BY \(PostgresSQL.quoted(ChunkCheckpointTable.ordinalColumn(avoiding: schema.names)))" : ""
        let result = try connection.execute(
            "INSERT INTO \(stream.table.sql) (\(columns)) SELECT \(columns) FROM \(staging.sql)\(order)",
            PostgresContext(.commit, "moving the staged rows of \(staging) into table \(name)", columns: schema.names))
        return result.affectedRows
    }

    /// A `create` or `replace` whose table this transaction just made (empty, no key): the
    /// staging table, less its numbering column if it has one (an older Ferry's staging table
    /// always has), takes that table's place (`DROP TABLE`, `ALTER
    /// TABLE … RENAME`) instead of its rows being copied over.
    private func renameStaged(_ staging: PostgresTableName, into new: PostgresTableName, schema: Schema) throws(FerryError) {
        let context = PostgresContext(.commit, "putting the staging table \(staging) in the place of table \(new)")
        let placed = try connection.execute(
            "SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass($1)",
            parameters: [staging.sql], context)
        guard placed.rowCount == 1, let stagingSchema = placed.text(0, 0) else {
            throw FerryError(.internalError, stage: .commit, "the staging table \(staging) is missing")
        }
        try connection.execute("DROP TABLE \(new.sql)", context)
        try connection.execute(
            "ALTER TABLE \(staging.sql) DROP COLUMN IF EXISTS \(PostgresSQL.quoted(ChunkCheckpointTable.ordinalColumn(avoiding: schema.names)))", context)
        var current = PostgresTableName(schema: stagingSchema, table: staging.table)
        if let wanted = new.schema, wanted != stagingSchema {
            try connection.execute("ALTER TABLE \(current.sql) SET SCHEMA \(PostgresSQL.quoted(wanted))", context)
            current = PostgresTableName(schema: wanted, table: staging.table)
        }
        try connection.execute("ALTER TABLE \(current.sql) RENAME TO \(PostgresSQL.quoted(new.table))", context)
    }

    package func dropStaging(_ table: String, key: String, load: PostgresLoad) throws(FerryError) {
        let context = PostgresContext(.commit, "dropping the staging table of table \(name)")
        try connection.execute("DROP TABLE IF EXISTS \(stagingName(table).sql)", context)
        _ = try connection.execute(ChunkCheckpointTable.deleteSQL(table: checkpointTable.sql, dialect: .postgres) { "$\($0)" },
                                   parameters: [key], context)
    }
}

extension LedgerValue {
    /// The value as a text parameter (NULL as nil); timestamps as Unix milliseconds.
    var parameterText: String? {
        switch self {
        case let .text(text): text
        case let .integer(number), let .timestamp(number): String(number)
        case .null, .targetIdentity: nil
        }
    }
}

extension PostgresEndpoint: ChunkStagingEndpoint {
    /// One COPY stream: chunks append inside their transaction, and the final move is one
    /// `INSERT … SELECT` on the load's connection.
    package func openStagingSink(_ context: ConnectorContext, table: String?) throws(FerryError) -> any ChunkStagingSink {
        var endpoint = self
        if let table { endpoint.table = table }
        let sink = try PostgresSink(endpoint: endpoint, runID: context.runID)
        sink.copyStreams = 1
        return sink
    }
}
