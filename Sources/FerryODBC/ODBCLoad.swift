package import FerryCore

/// One load in progress inside the sink's transaction: the statement that writes its rows, and
/// what `finish` still has to do (for `replace`, put the new table in the old one's place).
///
/// Where DDL commits at once but two tables swap names atomically (MySQL, MariaDB), the tables a
/// load creates are made before its transaction and dropped again when it fails (`abandon`):
/// `create` and a missing table make the target itself, `replace` a new table that one `RENAME
/// TABLE` swaps in at the end, so a failed load leaves the old table as it was.
package final class ODBCLoad: TargetLoad {
    /// What remains after the last batch.
    enum Completion {
        case none
        /// `replace` of an existing table: drop `old`, rename `new` to its name.
        case swap(new: ODBCTableName, old: ODBCTableName)
        /// `replace` where DDL commits at once: `RENAME TABLE old TO backup, new TO old`, then
        /// drop `backup`.
        case atomicSwap(new: ODBCTableName, old: ODBCTableName, backup: ODBCTableName)
    }

    let writer: ODBCRowWriter
    /// The table the rows end up in.
    let target: ODBCTableName
    private let connection: ODBCConnection
    private let completion: Completion
    private let schema: Schema
    /// Indexes of key columns that must not be NULL (upsert).
    private let requiredKeys: [Int]
    /// Tables created outside the transaction (DDL that commits at once), dropped by `abandon`.
    private var createdOutside: [ODBCTableName]
    private var finished = false

    private init(
        connection: ODBCConnection, writer: ODBCRowWriter, target: ODBCTableName, schema: Schema,
        requiredKeys: [Int], completion: Completion, createdOutside: [ODBCTableName]
    ) {
        self.connection = connection
        self.writer = writer
        self.target = target
        self.schema = schema
        self.requiredKeys = requiredKeys
        self.completion = completion
        self.createdOutside = createdOutside
    }

    /// Prepares `name` for `mode` inside the open transaction (creates, empties or checks it,
    /// creates the new table of a replace) and prepares the statement that writes the rows.
    static func begin(
        connection: ODBCConnection, name: ODBCTableName, existing: ODBCCatalog.Entry?, schema: Schema, mode: LoadMode,
        key: [String], runTag: String, rowsPerExecution: Int?, rowsPerStatement: Int?
    ) throws(FerryError) -> ODBCLoad {
        var created: [ODBCTableName] = []
        do throws(FerryError) {
            return try begin(
                connection: connection, name: name, existing: existing, schema: schema, mode: mode, key: key, runTag: runTag,
                rowsPerExecution: rowsPerExecution, rowsPerStatement: rowsPerStatement, created: &created)
        } catch {
            drop(created, connection: connection)
            throw error
        }
    }

    private static func begin(
        connection: ODBCConnection, name: ODBCTableName, existing: ODBCCatalog.Entry?, schema: Schema, mode: LoadMode,
        key: [String], runTag: String, rowsPerExecution: Int?, rowsPerStatement: Int?, created: inout [ODBCTableName]
    ) throws(FerryError) -> ODBCLoad {
        let dialect = connection.dialect
        let catalog = ODBCCatalog(connection: connection, stage: .load)
        let target = existing.map(catalog.name(of:)) ?? name
        let names = schema.names
        /// DDL commits at once, but tables can be made before the transaction and swapped in atomically.
        let ddlOutside = !dialect.transactionalDDL && dialect.renamesAtomically

        func requireDDL(_ what: String) throws(FerryError) {
            guard dialect.transactionalDDL || ddlOutside else {
                throw FerryError(
                    .unsupported, stage: .validate,
                    "\(what) needs CREATE, DROP or ALTER TABLE inside the load's transaction, and \(dialect.name) (ODBC driver \(connection.facts.driverName)) commits such statements at once, which would break atomicity; create table \(target) first and load it with mode append, truncate, upsert or update")
            }
        }
        func create(_ table: ODBCTableName, primaryKey: [String] = []) throws(FerryError) {
            try connection.execute(dialect.createTable(table, schema: schema, primaryKey: primaryKey), connection.context(.load, "creating table \(table)"))
            if ddlOutside { created.append(table) }
        }
        func checkColumns(_ entry: ODBCCatalog.Entry) throws(FerryError) {
            let columns = Set(try catalog.columns(of: entry).map(\.name))
            for column in names where !columns.contains(column) {
                throw FerryError(.targetSchemaMismatch, stage: .validate, "column \(dialect.quoted(column)) is not a column of table \(target)")
            }
        }
        func load(into table: ODBCTableName, _ kind: ODBCParameterWriter.Kind, _ completion: Completion = .none) throws(FerryError) -> ODBCLoad {
            let sql: String
            var order = Array(schema.columns.indices)
            switch kind {
            case .insert:
                sql = dialect.insert(into: table, columns: names)
            case .upsert:
                guard let upsert = dialect.upsert(into: table, schema: schema, key: key) else {
                    throw unsupportedUpsert(dialect)
                }
                sql = upsert
            case .update:
                sql = dialect.update(table, columns: names, key: key)
                let keyIndexes = key.compactMap { schema.index(of: $0) }
                order = order.filter { !keyIndexes.contains($0) } + keyIndexes
            }
            let perExecution = rowsPerExecution ?? ODBCParameterWriter.defaultRowsPerExecution
            let single = try ODBCParameterWriter(
                connection: connection, sql: sql, table: table, schema: schema, parameterColumns: order, kind: kind,
                rowsPerExecution: perExecution)
            // Inserts go several rows per statement where the system takes that; with a driver
            // that inlines parameter arrays, one such statement per execution.
            let rows = kind == .insert ? max(1, min(rowsPerStatement ?? dialect.insertRows(columns: names.count), perExecution)) : 1
            var grouped: ODBCParameterWriter?
            if rows > 1 {
                let groupedPerExecution = rowsPerExecution ?? (connection.facts.inlinesParameterArrays ? rows : perExecution)
                grouped = try ODBCParameterWriter(
                    connection: connection, sql: dialect.insert(into: table, columns: names, rows: rows), table: table, schema: schema,
                    parameterColumns: order, kind: kind, rowsPerSet: rows, rowsPerExecution: groupedPerExecution)
            }
            let writer = ODBCRowWriter(grouped: grouped, single: single)
            let required = kind == .upsert ? key.compactMap { schema.index(of: $0) } : []
            return ODBCLoad(
                connection: connection, writer: writer, target: target, schema: schema, requiredKeys: required, completion: completion,
                createdOutside: created)
        }

        switch mode {
        case .create:
            if existing != nil {
                throw FerryError(.targetExists, stage: .load, "table \(target) already exists; mode create only makes new tables")
            }
            try requireDDL("mode create")
            try create(target, primaryKey: key)
            return try load(into: target, .insert)
        case .append, .truncate:
            // A missing table is created (then there is nothing to empty).
            guard let existing else {
                try requireDDL(mode == .append ? "mode append into a missing table" : "mode truncate of a missing table")
                try create(target)
                return try load(into: target, .insert)
            }
            try checkColumns(existing)
            if mode == .truncate {
                try connection.execute(dialect.emptyTablePrefix + target.sql, connection.context(.load, "emptying table \(target)"))
            }
            return try load(into: target, .insert)
        case .replace:
            try requireDDL("mode replace")
            guard existing != nil else {
                try create(target, primaryKey: key)
                return try load(into: target, .insert)
            }
            // SQL_MAX_IDENTIFIER_LEN is 0 when the driver knows no limit.
            let limit = connection.facts.maxIdentifierLength > 0 ? connection.facts.maxIdentifierLength : nil
            let new = ODBCTableName(schema: target.schema, table: SQLDialect.stagingName(for: target.table, runTag: runTag, bytes: limit), dialect: dialect)
            if try catalog.find(new) != nil {
                throw FerryError(.targetExists, stage: .load, "the new table \(new) for replacing \(target) already exists")
            }
            guard ddlOutside else {
                try create(new, primaryKey: key)
                return try load(into: new, .insert, .swap(new: new, old: target))
            }
            let backup = ODBCTableName(
                schema: target.schema, table: SQLDialect.stagingName(for: target.table, runTag: runTag + "_old", bytes: limit), dialect: dialect)
            if try catalog.find(backup) != nil {
                throw FerryError(.targetExists, stage: .load, "the table \(backup) that is to keep \(target) while replacing it already exists")
            }
            try create(new, primaryKey: key)
            return try load(into: new, .insert, .atomicSwap(new: new, old: target, backup: backup))
        case .upsert:
            guard dialect.upsert != .none else { throw unsupportedUpsert(dialect) }
            if let existing {
                try checkColumns(existing)
                guard try catalog.hasUniqueKey(existing, key: key) else {
                    throw FerryError(
                        .targetSchemaMismatch, stage: .validate,
                        "upsert into table \(target) needs a PRIMARY KEY or UNIQUE index on exactly (\(dialect.list(key))); the table has none (add one, or change the key)")
                }
            } else {
                try requireDDL("mode upsert into a missing table")
                try create(target, primaryKey: key)
            }
            return try load(into: target, .upsert)
        case .update:
            guard let existing else {
                throw FerryError(.targetNotFound, stage: .validate, "table \(target) does not exist; mode update changes existing rows only")
            }
            try checkColumns(existing)
            return try load(into: target, .update)
        }
    }

    /// Drops tables made outside the transaction, best effort: this runs while a load is
    /// failing, and the load's own error is what the run reports.
    private static func drop(_ tables: [ODBCTableName], connection: ODBCConnection) {
        guard connection.isOpen else { return }
        for table in tables.reversed() {
            do throws(FerryError) {
                try connection.execute("DROP TABLE IF EXISTS " + table.sql, connection.context(.load, "dropping table \(table) of the failed load"))
            } catch {
                // Best effort by design (see above); the table stays, named after the run.
            }
        }
    }

    /// After the transaction was rolled back: drops the tables this load made outside it
    /// (MySQL's `create`, a missing table, the new table of a `replace`), so the target is as it
    /// was. Runs once.
    func abandon() {
        let tables = createdOutside
        createdOutside = []
        Self.drop(tables, connection: connection)
    }

    private static func unsupportedUpsert(_ dialect: ODBCDialect) -> FerryError {
        FerryError(
            .unsupported, stage: .validate,
            "mode upsert is not supported for \(dialect.name) through ODBC: Ferry knows no statement there that inserts or updates a row by key (MERGE or ON CONFLICT); load into a table with mode append, or update existing rows with mode update")
    }

    /// Writes one batch. Upsert keys must not be NULL (the engine rejects such rows; this guards
    /// systems that would insert them).
    package func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        try batch.requireKeyValues(requiredKeys, schema: schema, quoted: connection.dialect.quoted)
        return try writer.write(batch)
    }

    /// Does what the mode needs before COMMIT (the swap of a replace). Runs once. Counts stand
    /// as `write` returned them: nil.
    package func finish() throws(FerryError) -> Int? {
        guard !finished else { return nil }
        if case let .swap(new, old) = completion {
            let context = connection.context(.commit, "replacing table \(old)")
            try connection.execute("DROP TABLE " + old.sql, context)
            for sql in connection.dialect.rename(new, to: old.table) {
                try connection.execute(sql, context)
            }
        }
        if case let .atomicSwap(new, old, backup) = completion {
            // RENAME TABLE commits the rows written so far; it swaps both names or neither.
            try connection.execute(
                connection.dialect.sql.swapTables(old.sql, new: new.sql, old: backup.sql), connection.context(.commit, "replacing table \(old)"))
            createdOutside.removeAll { $0 == new }
            Self.drop([backup], connection: connection)
        }
        finished = true
        return nil
    }
}
