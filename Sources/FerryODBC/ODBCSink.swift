package import FerryCore

/// Loads typed batches into a table through an ODBC driver: the shared transactional lifecycle
/// over `ODBCTarget`'s statements.
package typealias ODBCSink = TransactionalSink<ODBCTarget>

extension TransactionalSink where Target == ODBCTarget {
    /// Connects (`SQLDriverConnect`) with `endpoint.connection` to load `endpoint.table`; see
    /// `ODBCTarget`.
    package convenience init(endpoint: ODBCEndpoint, runID: RunID, library: ODBCLibraryLocation = .standard) throws(FerryError) {
        self.init(try ODBCTarget(endpoint: endpoint, runID: runID, library: library))
    }

    /// The system's name as the driver reports it (`SQL_DBMS_NAME`), e.g. `PostgreSQL`.
    package var databaseSystem: String { target.databaseSystem }

    /// The dialect the sink writes (tests force another upsert form).
    var dialect: ODBCDialect {
        get { target.dialect }
        set { target.dialect = newValue }
    }

    /// Rows per `SQLExecute` (see `ODBCTarget.rowsPerExecution`).
    var rowsPerExecution: Int? {
        get { target.rowsPerExecution }
        set { target.rowsPerExecution = newValue }
    }

    /// Rows per INSERT statement (see `ODBCTarget.rowsPerStatement`).
    var rowsPerStatement: Int? {
        get { target.rowsPerStatement }
        set { target.rowsPerStatement = newValue }
    }
}

/// A table reached through an ODBC driver (unixODBC) as a load target, written with parameter
/// arrays of a prepared INSERT (or upsert or UPDATE) inside one transaction.
///
/// Autocommit is off from the start: every mode runs in one transaction, ended by commit or
/// rollback, and the ledger row is written in the same transaction. Modes need what the system's
/// SQL offers (the `ODBCDialect`): `replace`, `create` and creating a missing table need DDL that
/// takes part in transactions, or (MySQL, MariaDB) tables made before the transaction that one
/// atomic `RENAME TABLE` swaps in and that a failed load drops again (`ODBCLoad`); `upsert` needs
/// MERGE, ON CONFLICT or ON DUPLICATE KEY; a mode the system cannot run atomically is refused
/// before anything is written. See Docs/connectors/odbc.md.
package final class ODBCTarget: TransactionalTarget {
    let connection: ODBCConnection
    private let requestedSchema: String?
    /// Whether a missing `requestedSchema` is created (`create_schema`).
    private let createSchema: Bool
    private let table: String
    private let runID: RunID
    /// The table's name with its schema resolved, once known.
    private var resolvedName: ODBCTableName?
    /// Column changes (`on_schema_change`) that `begin` makes.
    private var changes: [SchemaChange] = []
    /// Where DDL commits at once: statements dropping the columns `begin` added, for rollback.
    private var undoAlterations: [String] = []
    /// Rows per `SQLExecute`; nil: about 1000, or one multi-row INSERT with a driver that inlines
    /// parameter arrays. 1 (with `rowsPerStatement` 1) sends row by row.
    var rowsPerExecution: Int?
    /// Rows per INSERT statement; nil: as many as the dialect allows.
    var rowsPerStatement: Int?

    /// Connects (`SQLDriverConnect`; stage `connect`) with `endpoint.connection` — a data source
    /// name or a full connection string — to load `endpoint.schema`.`endpoint.table`. The
    /// session's time zone is set to UTC where the system has one, then autocommit is turned off.
    /// The driver manager is opened from `library`; when it cannot be, the error is
    /// `target_unavailable` at stage `connect`.
    init(endpoint: ODBCEndpoint, runID: RunID, library: ODBCLibraryLocation) throws(FerryError) {
        // The system, and so its identifier limit, is known once connected: `begin` checks that.
        let table = try TargetTableName.validate(table: endpoint.table, schema: endpoint.schema, target: "an ODBC target", dialect: nil)
        self.table = table
        requestedSchema = endpoint.schema
        createSchema = endpoint.createSchema
        self.runID = runID
        connection = try ODBCConnection(connection: endpoint.connection, role: .target, library: library)
        let dialect = connection.dialect
        if endpoint.schema != nil, !dialect.hasSchemas {
            throw FerryError(.invalidRequest, stage: .validate, "$.target.schema: \(dialect.name) has no schemas; leave the schema out")
        }
        if connection.facts.transactions == .none {
            throw FerryError(
                .unsupported, stage: .connect,
                "the ODBC driver \(connection.facts.driverName) supports no transactions (SQL_TXN_CAPABLE is SQL_TC_NONE), so a load cannot be atomic")
        }
        try connection.setAutocommit(false, connection.context(.connect, "turning off autocommit"))
        for sql in dialect.sessionSetup {
            try connection.execute(sql, connection.context(.connect, "setting up the session"))
        }
        try connection.endTransaction(commit: true, connection.context(.connect, "setting up the session"))
    }

    /// What the system stores exactly (from the dialect: PostgreSQL refuses NUL in text, SQLite
    /// keeps 15 decimal digits and no NaN, …).
    package var valueLimits: ValueLimits { connection.dialect.sql.targetLimits }

    /// Takes the column changes `begin` makes, refusing (exit 3) what the system cannot make or,
    /// where DDL commits at once, could not undo (anything but added columns).
    package func evolve(_ changes: [SchemaChange]) throws(FerryError) {
        _ = try connection.dialect.sql.alterStatements(connection.dialect.sql.quoted(table), name: "table \(connection.dialect.sql.quoted(table))", changes: changes)
        self.changes = changes
    }

    /// Makes the column changes: inside the load's transaction where DDL is transactional, else
    /// each committed at once, remembering how to drop the added columns again on rollback.
    private func alterColumns(of name: ODBCTableName) throws(FerryError) {
        let sql = connection.dialect.sql
        let statements = try sql.alterStatements(name.sql, name: "\(name)", changes: changes)
        // Where DDL commits at once only added columns get here (`alterStatements` refuses the
        // rest), one statement each: each is undone once it ran, even if a later one fails.
        let undo = sql.transactionalDDL ? [] : changes.compactMap { c in
            c.after.flatMap { sql.alterStatement(name.sql, SchemaChange(kind: .dropColumn, before: $0, after: nil)) }
        }
        for (i, statement) in statements.enumerated() {
            _ = try connection.execute(statement, connection.context(.load, "changing the columns of \(name)"))
            if i < undo.count { undoAlterations.insert(undo[i], at: 0) }
        }
        guard !sql.transactionalDDL, !statements.isEmpty else { return }
        try connection.endTransaction(commit: true, connection.context(.load, "changing the columns of \(name)"))
    }

    /// Cancels the running statement from another thread (`SQLCancel`).
    package var interrupter: any Interrupter { connection.canceller }

    /// The system's name as the driver reports it (`SQL_DBMS_NAME`), e.g. `PostgreSQL`.
    package var databaseSystem: String { connection.facts.dbmsName }

    /// The dialect the target writes (tests force another upsert form).
    var dialect: ODBCDialect {
        get { connection.dialect }
        set { connection.dialect = newValue }
    }

    /// The target's name with its schema: the one given, else the one unqualified names resolve to.
    func name(stage: FerryError.Stage) throws(FerryError) -> ODBCTableName {
        if let resolvedName { return resolvedName }
        let schema: String?
        if let requestedSchema {
            schema = requestedSchema
        } else {
            schema = try ODBCCatalog(connection: connection, stage: stage).currentSchema()
        }
        let name = ODBCTableName(schema: schema, table: table, dialect: connection.dialect)
        resolvedName = name
        return name
    }

    /// The table's columns (`SQLColumns`, types mapped by the dialect, NOT NULL flags and
    /// defaults), or nil when it does not exist (`SQLTables`). Views and other objects are refused.
    package func existingColumns() throws(FerryError) -> [Column]? {
        let catalog = ODBCCatalog(connection: connection, stage: .validate)
        let name = try name(stage: .validate)
        guard let entry = try catalog.find(name) else { return nil }
        guard entry.isTable else {
            throw FerryError(.targetSchemaMismatch, stage: .validate, "\(name) is a \(entry.type.lowercased()); an ODBC target must be a table")
        }
        return try catalog.columns(of: entry).map { column in
            let (type, limit) = connection.dialect.columnType(column)
            var c = Column(name: column.name, type: type, nullable: column.nullable ?? true, origin: .target, limit: limit)
            c.hasDefault = column.hasDefault
            return c
        }
    }

    package var targetName: String { "table \(resolvedName.map { "\($0)" } ?? table)" }

    package var isInterrupted: Bool { connection.isInterrupted }

    /// SQLite, MySQL and SQL Server (in its default collations) compare column names ignoring
    /// letter case, even quoted.
    package var foldsColumnNameCase: Bool { [.sqlite, .mysql, .sqlServer].contains(connection.dialect.family) }

    /// Prepares the table for `mode` in the transaction and prepares the writing statement.
    package func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) -> ODBCLoad {
        let name = try name(stage: .load)
        try validate(schema: schema, mode: mode, key: key, name: name)
        let dialect = connection.dialect
        try ensureSchema(of: name)
        if !dialect.transactionalDDL {
            // DDL would commit the load's transaction: the ledger table is made first, alone.
            try ledger(schema: name.schema).ensure(stage: .load)
            try connection.endTransaction(commit: true, connection.context(.load, "creating the load ledger"))
        }
        try alterColumns(of: name)
        let existing = try ODBCCatalog(connection: connection, stage: .load).find(name)
        if let existing, !existing.isTable {
            throw FerryError(.targetSchemaMismatch, stage: .validate, "\(name) is a \(existing.type.lowercased()); an ODBC target must be a table")
        }
        let load = try ODBCLoad.begin(
            connection: connection, name: name, existing: existing, schema: schema, mode: mode, key: key,
            runTag: runID.tag, rowsPerExecution: rowsPerExecution,
            rowsPerStatement: rowsPerStatement)
        resolvedName = load.target
        return load
    }

    /// Inserts the ledger row into `<schema>.ferry_loads` (created when missing) in the load's
    /// transaction.
    package func insertLedgerRow(_ entry: LedgerEntry, load: ODBCLoad) throws(FerryError) {
        let ledger = ledger(schema: load.target.schema)
        if connection.dialect.transactionalDDL { try ledger.ensure(stage: .commit) }
        try ledger.insert(entry, stage: .commit)
    }

    /// `SQLEndTran(SQL_COMMIT)`.
    package func commit(_ load: ODBCLoad) throws(FerryError) {
        try connection.endTransaction(commit: true, connection.context(.commit, "committing table \(load.target)"))
        undoAlterations = []
    }

    /// `SQLEndTran(SQL_ROLLBACK)`; when even that fails, the connection is closed, which rolls
    /// back too.
    package func rollback(_ load: ODBCLoad?) {
        guard connection.isOpen else { return }
        do {
            try connection.endTransaction(commit: false, connection.context(.load, "rolling back table \(table)"))
        } catch {
            // SQLDisconnect ends the session; the server aborts its open transaction.
            connection.close()
        }
        // Tables made outside the transaction (DDL that commits at once) are dropped again.
        load?.abandon()
        // So are columns added outside it (best effort, as for tables).
        for statement in undoAlterations {
            _ = try? connection.execute(statement, connection.context(.load, "dropping the columns the failed load added"))
        }
        undoAlterations = []
    }

    /// Checks that the schema the request named exists, creating it with `create_schema`, where
    /// `information_schema.schemata` says and DDL is transactional (PostgreSQL through psqlODBC):
    /// `CREATE SCHEMA` runs inside the load's transaction, so a failed load leaves none. Elsewhere
    /// a missing schema fails when the table is made, and `create_schema` is refused. (MySQL and
    /// MariaDB targets take no schema at all: the database is the connection's.)
    private func ensureSchema(of name: ODBCTableName) throws(FerryError) {
        guard requestedSchema != nil, let schema = name.schema else { return }
        let dialect = connection.dialect
        guard dialect.family == .postgres, dialect.transactionalDDL else {
            if createSchema {
                throw FerryError(
                    .unsupported, stage: .validate,
                    "create_schema is supported for PostgreSQL through ODBC, not for \(dialect.name); create schema \(dialect.quoted(schema)) first")
            }
            return
        }
        let quoted = dialect.quoted(schema)
        let found = try connection.query(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = " + dialect.sql.literal(schema),
            connection.context(.load, "looking up schema \(quoted)"))
        guard found.isEmpty else { return }
        guard createSchema else {
            throw FerryError(
                .targetNotFound, stage: .validate,
                "schema \(quoted) does not exist; create it first, or let the load create it with --create-schema (\"create_schema\": true in the target)")
        }
        _ = try connection.execute("CREATE SCHEMA " + quoted, connection.context(.load, "creating schema \(quoted)"))
    }

    /// Records a failed load in `<schema>.ferry_loads` in a transaction of its own, after the
    /// rollback; best effort: any error is ignored (the connection may be gone).
    package func recordFailure(_ entry: LedgerEntry) {
        guard connection.isOpen else { return }
        do throws(FerryError) {
            let ledger = ledger(schema: try name(stage: .commit).schema)
            try ledger.ensure(stage: .commit)
            try ledger.insert(entry, stage: .commit)
            try connection.endTransaction(commit: true, connection.context(.commit, "recording the failed load of table \(table)"))
        } catch {
            // Best effort by contract: the load's own error is what the run reports.
            do {
                try connection.endTransaction(commit: false, connection.context(.commit, "rolling back the record of a failed load"))
            } catch {
                connection.close()
            }
        }
    }

    private func ledger(schema: String?) -> ODBCLedger {
        ODBCLedger(connection: connection, table: ODBCTableName(schema: schema, table: LedgerEntry.defaultTable, dialect: connection.dialect))
    }

    private func validate(schema: Schema, mode: LoadMode, key: [String], name: ODBCTableName) throws(FerryError) {
        let dialect = connection.dialect
        try schema.checkLoad(into: "\(name)", mode: mode, key: key, quoted: dialect.quoted)
        let limit = connection.facts.maxIdentifierLength
        guard limit > 0 else { return }
        for (what, text) in [("table", table), ("schema", requestedSchema ?? "")] + schema.names.map({ ("column", $0) })
        where text.utf8.count > limit {
            throw FerryError(
                .invalidRequest, stage: .validate,
                "\(what) name \(dialect.quoted(text)) is longer than the \(limit) bytes \(dialect.name) allows (SQL_MAX_IDENTIFIER_LEN)")
        }
    }
}
