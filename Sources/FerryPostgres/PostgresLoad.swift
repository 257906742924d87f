package import FerryCore

/// One load in progress inside the sink's transaction: the COPY stream it feeds and what
/// `finish` still has to do for its mode (merge the staging table, swap the new table in).
package final class PostgresLoad: TargetLoad {
    /// What remains after the COPY.
    enum Completion {
        /// Nothing: the rows went straight into the target.
        case none
        /// `replace` of an existing table: the new table takes the old one's place.
        case swap(new: PostgresTableName, old: PostgresCatalog.Relation)
        /// A parallel `create` or `replace` of a missing table: the staging table is renamed.
        case rename(target: PostgresTableName)
        /// `upsert`: insert or update the target from the staging table.
        case upsert(target: PostgresTableName, staging: PostgresTableName, ordinal: String)
        /// `update`: update matching target rows from the staging table.
        case update(target: PostgresTableName, staging: PostgresTableName, ordinal: String)
    }

    let stream: CopyWriter
    /// The committed staging table of a parallel load; the sink drops it when the load fails
    /// and releases its lock after the commit.
    let staging: PostgresStaging?
    /// The schema of the target table (for the ledger).
    let targetSchema: String
    private let connection: PGConnection
    private let schema: Schema
    private let key: [String]
    private let keyIndexes: [Int]
    private let completion: Completion
    private var finished = false
    /// Rows the COPY stored.
    private(set) var rowsCopied = 0
    /// Whether the COPY goes into a table without a key that this transaction created for a
    /// `create` or `replace`: a chunked load may then put its staging table in that one's place.
    private(set) var intoNewTable = false
    /// For `update`: input rows whose key matched a target row. Known after `finish`. (An
    /// upsert's count is the rows copied: every input row is applied.)
    private(set) var rowsMerged: Int?

    private init(
        connection: PGConnection, stream: CopyWriter, staging: PostgresStaging? = nil, targetSchema: String, schema: Schema,
        key: [String], completion: Completion
    ) {
        self.connection = connection
        self.stream = stream
        self.staging = staging
        self.targetSchema = targetSchema
        self.schema = schema
        self.key = key
        keyIndexes = key.compactMap { schema.index(of: $0) }
        self.completion = completion
    }

    /// How many COPY streams a load may use, and how to open their connections.
    struct Streams {
        /// 1: one COPY on the sink's connection. More: `create` and `replace` fill a committed
        /// staging table through this many connections (`ParallelCopy`, `PostgresStaging`);
        /// other modes write inside the transaction and use one stream.
        var count = 1
        /// Opens one more connection to the same database.
        var connect: () throws(FerryError) -> PGConnection
        /// Learns the cancellers of the connections opened.
        var interrupter: PostgresInterrupter
    }

    /// Prepares the target for `mode` inside the open transaction (creates, locks, empties or
    /// checks it; creates the staging table) and opens the COPY stream into the right table. A
    /// missing schema named by `name` is created in the transaction when `createSchema` (the load
    /// then uses one COPY stream: other connections cannot see the uncommitted schema), and fails
    /// the load otherwise.
    static func begin(
        connection: PGConnection, name: PostgresTableName, schema: Schema, mode: LoadMode, key: [String],
        runTag: String, format preferred: CopyFormat, streams: Streams, createSchema: Bool = false
    ) throws(FerryError) -> PostgresLoad {
        let catalog = PostgresCatalog(connection: connection, stage: .load)
        if mode == .create || mode == .replace {
            // Loads that make or swap the table take turns, each until its transaction ends:
            // two concurrent replaces would otherwise both hold the old table and deadlock when
            // each wants it alone for the swap. Taken before the catalog is read, so the second
            // sees the table the first left.
            var schema = name.schema
            if schema == nil { schema = try catalog.currentSchema() }
            let qualified = PostgresTableName(schema: schema, table: name.table)
            try connection.execute(
                "SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended($1, 1))", parameters: [qualified.sql],
                PostgresContext(.load, "waiting for other loads that make or replace table \(name)"))
        }
        let existing = try catalog.relation(name)
        var streams = streams
        if existing == nil, let wanted = name.schema, !(try catalog.schemaExists(wanted)) {
            let quoted = PostgresSQL.quoted(wanted)
            guard createSchema else {
                throw FerryError(
                    .targetNotFound, stage: .validate,
                    "schema \(quoted) does not exist; create it first, or let the load create it with --create-schema (\"create_schema\": true in the target)")
            }
            // Transactional: a load that fails leaves no schema behind.
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(quoted)", PostgresContext(.load, "creating schema \(quoted)"))
            streams.count = 1
        }
        if let existing, !["r", "p", "f"].contains(existing.kind) {
            throw FerryError(
                .targetSchemaMismatch, stage: .validate,
                "\(name) is a \(existing.kindName); a PostgreSQL target must be a table")
        }
        var resolvedSchema = existing?.schema ?? name.schema
        if resolvedSchema == nil { resolvedSchema = try catalog.currentSchema() }
        guard let targetSchema = resolvedSchema else {
            throw FerryError(
                .targetNotFound, stage: .validate,
                "no schema to create table \(name) in: the connection's search_path names no existing schema; set $.target.schema")
        }
        let target = PostgresTableName(schema: targetSchema, table: existing?.table ?? name.table)
        let names = schema.names

        var created: PostgresTableName?
        func create(_ table: PostgresTableName, primaryKey: [String] = []) throws(FerryError) -> PostgresCatalog.Relation {
            created = primaryKey.isEmpty && (mode == .create || mode == .replace) ? table : nil
            try connection.execute(
                PostgresSQL.createTable(table, schema: schema, primaryKey: primaryKey),
                PostgresContext(.load, "creating table \(table)"))
            guard let made = try catalog.relation(table) else {
                throw FerryError(.internalError, stage: .load, "table \(table) is not visible right after it was created")
            }
            return made
        }
        func lock(_ relation: PostgresCatalog.Relation, _ lockMode: String) throws(FerryError) {
            // LOCK TABLE refuses foreign tables ("is not a table or view"); their rows live elsewhere.
            guard relation.kind != "f" else { return }
            try connection.execute(
                "LOCK TABLE \(relation.name.sql) IN \(lockMode) MODE", PostgresContext(.load, "locking table \(relation.name)"))
        }
        /// `fresh`: the table was created or truncated in this transaction, so an ordinary table
        /// takes its rows frozen (`COPY … FREEZE`; not partitioned or foreign tables, which
        /// PostgreSQL refuses to freeze).
        func load(
            into table: PostgresTableName, types relation: PostgresCatalog.Relation, _ completion: Completion, fresh: Bool = false
        ) throws(FerryError) -> PostgresLoad {
            let encoder = try Self.encoder(catalog: catalog, relation: relation, schema: schema, preferred: preferred)
            if encoder.format == .text {
                // Text input of a timestamp into a timestamptz column reads it in the session's
                // zone; Ferry's timestamps without zone are UTC.
                try connection.execute("SET LOCAL TimeZone = 'UTC'", PostgresContext(.load, "setting the session time zone"))
            }
            let stream = CopyStream(
                connection: connection, table: table, columns: names, encoder: encoder, freeze: fresh && relation.kind == "r")
            let load = PostgresLoad(connection: connection, stream: stream, targetSchema: targetSchema, schema: schema, key: key, completion: completion)
            load.intoNewTable = created == table
            return load
        }

        /// Fills a committed staging table through `streams.count` connections.
        func parallel(into new: PostgresTableName, _ completion: Completion) throws(FerryError) -> PostgresLoad {
            var opened: [PGConnection] = []
            for _ in 0..<streams.count {
                let stream = try streams.connect()
                streams.interrupter.add(stream.canceller)
                opened.append(stream)
            }
            let staging = try PostgresStaging.create(new, schema: schema, primaryKey: key, owner: connection, setup: opened[0])
            do throws(FerryError) {
                guard let relation = try catalog.relation(new) else {
                    throw FerryError(.internalError, stage: .load, "the staging table \(new) is not visible after it was created")
                }
                var pairs: [(connection: PGConnection, encoder: CopyEncoder)] = []
                for stream in opened {
                    let encoder = try Self.encoder(catalog: catalog, relation: relation, schema: schema, preferred: preferred)
                    if encoder.format == .text {
                        try stream.execute("SET TimeZone = 'UTC'", PostgresContext(.load, "setting the session time zone"))
                    }
                    pairs.append((stream, encoder))
                }
                let writer = try ParallelCopy(streams: pairs, table: new, columns: names)
                return PostgresLoad(
                    connection: connection, stream: writer, staging: staging, targetSchema: targetSchema, schema: schema, key: key,
                    completion: completion)
            } catch {
                staging.discard(via: opened[0])
                throw error
            }
        }
        let newName = PostgresTableName(schema: targetSchema, table: SQLDialect.stagingName(for: target.table, runTag: runTag, bytes: PostgresSQL.maxIdentifierBytes))
        if mode == .create || mode == .replace {
            try PostgresStaging.sweep(schema: targetSchema, connection: connection)
        }

        switch mode {
        case .create:
            if existing != nil {
                throw FerryError(.targetExists, stage: .load, "table \(target) already exists; mode create only makes new tables")
            }
            if streams.count > 1 { return try parallel(into: newName, .rename(target: target)) }
            return try load(into: target, types: create(target, primaryKey: key), .none, fresh: true)
        case .append:
            guard let existing else { return try load(into: target, types: create(target), .none, fresh: true) }
            try lock(existing, "ROW EXCLUSIVE")
            return try load(into: target, types: existing, .none)
        case .truncate:
            guard let existing else { return try load(into: target, types: create(target), .none, fresh: true) }
            try connection.execute("TRUNCATE TABLE \(target.sql)", PostgresContext(.load, "emptying table \(target)"))
            return try load(into: target, types: existing, .none, fresh: true)
        case .replace:
            if try catalog.relation(newName) != nil {
                throw FerryError(.targetExists, stage: .load, "the new table \(newName) for replacing \(target) already exists")
            }
            guard let existing else {
                if streams.count > 1 { return try parallel(into: newName, .rename(target: target)) }
                return try load(into: target, types: create(target, primaryKey: key), .none, fresh: true)
            }
            if try Self.keepsDependents(existing, catalog: catalog, schema: schema) {
                // Views read the table: its rows are replaced in place, in this transaction
                // (TRUNCATE is transactional), so they stay valid and see the new rows.
                try connection.execute("TRUNCATE TABLE \(target.sql)", PostgresContext(.load, "emptying table \(target)"))
                return try load(into: target, types: existing, .none, fresh: true)
            }
            try PostgresSwap.checkReplaceable(existing, catalog: catalog)
            // Readers keep reading the old table; nobody may alter or drop it meanwhile.
            try lock(existing, "ACCESS SHARE")
            if streams.count > 1 { return try parallel(into: newName, .swap(new: newName, old: existing)) }
            return try load(into: newName, types: create(newName, primaryKey: key), .swap(new: newName, old: existing), fresh: true)
        case .upsert:
            let relation: PostgresCatalog.Relation
            if let existing {
                guard try catalog.hasUniqueKey(existing, key: key) else {
                    throw FerryError(
                        .targetSchemaMismatch, stage: .validate,
                        "upsert into table \(target) needs a PRIMARY KEY or a UNIQUE index (not partial, not deferrable) on exactly (\(PostgresSQL.list(key))); the table has none (add one with CREATE UNIQUE INDEX, or change the key)")
                }
                try lock(existing, "ROW EXCLUSIVE")
                relation = existing
            } else {
                relation = try create(target, primaryKey: key)
            }
            let (staging, ordinal) = try createStaging(connection: connection, from: target, columns: names, runTag: runTag)
            return try load(into: staging, types: relation, .upsert(target: target, staging: staging, ordinal: ordinal))
        case .update:
            guard let existing else {
                throw FerryError(.targetNotFound, stage: .validate, "table \(target) does not exist; mode update changes existing rows only")
            }
            try lock(existing, "ROW EXCLUSIVE")
            let (staging, ordinal) = try createStaging(connection: connection, from: target, columns: names, runTag: runTag)
            return try load(into: staging, types: existing, .update(target: target, staging: staging, ordinal: ordinal))
        }
    }

    /// A temporary table (dropped at commit) with the target's types for the load's columns,
    /// plus an identity column numbering the rows in COPY order, so the last row of a key wins.
    private static func createStaging(
        connection: PGConnection, from target: PostgresTableName, columns: [String], runTag: String
    ) throws(FerryError) -> (PostgresTableName, String) {
        let staging = PostgresTableName(schema: "pg_temp", table: "ferry_staging_" + runTag)
        var ordinal = "ferry_ordinal"
        while columns.contains(ordinal) { ordinal += "_" }
        let context = PostgresContext(.load, "creating the staging table for \(target)")
        try connection.execute(
            "CREATE TEMPORARY TABLE \(PostgresSQL.quoted(staging.table)) ON COMMIT DROP AS SELECT \(PostgresSQL.list(columns)) FROM \(target.sql) WITH NO DATA",
            context)
        try connection.execute(
            "ALTER TABLE \(staging.sql) ADD COLUMN \(PostgresSQL.quoted(ordinal)) bigint GENERATED ALWAYS AS IDENTITY", context)
        return (staging, ordinal)
    }

    /// Binary COPY when `preferred` is binary and every column has a binary encoding for its
    /// target type; text COPY otherwise. Every column of the load must exist in the table.
    private static func encoder(
        catalog: PostgresCatalog, relation: PostgresCatalog.Relation, schema: Schema, preferred: CopyFormat
    ) throws(FerryError) -> CopyEncoder {
        let tableColumns = try catalog.columns(of: relation)
        var fields: [BinaryField?] = []
        for column in schema.columns {
            guard let target = tableColumns.first(where: { $0.name == column.name }) else {
                throw FerryError(
                    .targetSchemaMismatch, stage: .validate,
                    "column \(PostgresSQL.quoted(column.name)) is not a column of table \(relation.name) (or is a generated column)")
            }
            fields.append(PostgresTypeMapping.binaryField(column.type, into: target.type))
        }
        let binary = fields.compactMap { $0 }
        if preferred == .binary, binary.count == fields.count {
            return BinaryCopyEncoder(fields: binary, columns: schema.names)
        }
        return TextCopyEncoder(types: schema.columns.map(\.type))
    }

    /// Sends one batch. Upsert keys must not be NULL (the engine rejects such rows; this guards
    /// the staging table, whose DISTINCT ON would fold NULL keys together).
    package func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        if case .upsert = completion {
            try batch.requireKeyValues(keyIndexes, schema: schema, quoted: PostgresSQL.quoted)
        }
        return try stream.write(batch)
    }

    /// Ends the COPY and does what the mode needs before COMMIT; for upsert and update returns
    /// the rows merged. Runs once; later calls only return that count.
    package func finish() throws(FerryError) -> Int? {
        guard !finished else { return rowsMerged }
        rowsCopied = try stream.finish()
        let names = schema.names
        switch completion {
        case .none:
            break
        case let .swap(new, old):
            try PostgresSwap(connection: connection, new: new, old: old).run()
            try staging?.unmark(old.name, PostgresContext(.commit, "replacing table \(old.name)"))
        case let .rename(target):
            guard let staging else {
                throw FerryError(.internalError, stage: .commit, "no staging table to rename to \(target)")
            }
            try staging.rename(to: target)
        case let .upsert(target, staging, ordinal):
            try analyze(staging, for: target)
            // rows_written of an upsert is the input rows applied (the COPY's count), as on every
            // target; the merge's own count (one per distinct key) is not it.
            try connection.execute(
                PostgresSQL.upsert(into: target.sql, columns: names, key: key, staging: staging.sql, ordinal: ordinal),
                PostgresContext(.commit, "upserting into table \(target)", columns: names))
        case let .update(target, staging, ordinal):
            try analyze(staging, for: target)
            let context = PostgresContext(.commit, "updating table \(target)", columns: names)
            try connection.execute(PostgresSQL.update(target.sql, columns: names, key: key, staging: staging.sql, ordinal: ordinal), context)
            let matched = try connection.execute(PostgresSQL.matchedRows(target.sql, key: key, staging: staging.sql), context)
            rowsMerged = matched.int(0, 0) ?? 0
        }
        finished = true
        return rowsMerged
    }

    /// Temporary tables get no autovacuum statistics; the merge plans better with them.
    private func analyze(_ staging: PostgresTableName, for target: PostgresTableName) throws(FerryError) {
        try connection.execute("ANALYZE \(staging.sql)", PostgresContext(.commit, "analyzing the staging table for \(target)"))
    }

    /// Whether `replace` of `existing` keeps the table and replaces its rows in place: when only
    /// views (and materialized views) depend on it, which a new table would break, and the load's
    /// columns are the table's (the same names, in order, with the same Ferry types), so the views
    /// still mean what they meant. A dbt seed under a view model reloaded from the same CSV is the
    /// common case.
    static func keepsDependents(_ existing: PostgresCatalog.Relation, catalog: PostgresCatalog, schema: Schema) throws(FerryError) -> Bool {
        guard existing.kind == "r" else { return false }
        let dependents = try catalog.dependents(of: existing)
        guard !dependents.isEmpty, dependents.allSatisfy({ $0.hasPrefix("view ") || $0.hasPrefix("materialized view ") }) else {
            return false
        }
        guard !(try catalog.hasPolicies(existing)), !existing.rowSecurity else { return false }
        let columns = try catalog.columns(of: existing)
        return columns.count == schema.columns.count
            && zip(columns, schema.columns).allSatisfy { table, load in
                ColumnName(table.name) == ColumnName(load.name) && PostgresTypeMapping.column(table.type).0 == load.type
            }
    }
}
