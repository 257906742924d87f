import FerryCore

/// The committed staging table of a parallel `create` or `replace`: parallel COPY streams run on
/// connections of their own, so the table they fill must exist outside the load's transaction.
///
/// The load's own connection holds a session advisory lock named after the table from before it
/// is created until it is renamed or dropped, and the table carries the comment `marker`. A
/// staging table whose lock nobody holds belongs to a load that died (SIGKILL, lost connection)
/// and is dropped by the next parallel or single-stream `create`/`replace` in its schema
/// (`sweep`). The target itself is never touched by any of this until the load's transaction
/// renames the staging table into place.
struct PostgresStaging {
    /// The comment that marks a staging table.
    static let marker = "ferry: staging table of a parallel load, dropped when the load ends"

    let connection: PGConnection
    let table: PostgresTableName

    /// The advisory lock key of a staging table: a hash of its quoted, qualified name.
    private static let lockKey = "pg_catalog.hashtextextended($1, 0)"

    /// Takes the lock, then creates the table with `setup` (another connection, autocommit) and
    /// marks it. On failure, nothing is left behind.
    static func create(
        _ table: PostgresTableName, schema: Schema, primaryKey: [String], owner connection: PGConnection, setup: PGConnection
    ) throws(FerryError) -> PostgresStaging {
        let staging = PostgresStaging(connection: connection, table: table)
        try connection.execute(
            "SELECT pg_catalog.pg_advisory_lock(\(lockKey))", parameters: [table.sql],
            PostgresContext(.load, "locking the staging table \(table)"))
        do throws(FerryError) {
            try setup.execute(
                PostgresSQL.createTable(table, schema: schema, primaryKey: primaryKey)
                    + "; COMMENT ON TABLE \(table.sql) IS \(PostgresSQL.literal(marker))",
                PostgresContext(.load, "creating the staging table \(table)"))
        } catch {
            staging.release()
            throw error
        }
        return staging
    }

    /// Drops the staging tables in `schema` whose loads are gone (their lock is free).
    static func sweep(schema: String, connection: PGConnection) throws(FerryError) {
        let context = PostgresContext(.load, "looking for staging tables of failed loads in schema \(PostgresSQL.quoted(schema))")
        let found = try connection.execute(
            """
            SELECT c.relname::text FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind = 'r' AND pg_catalog.obj_description(c.oid, 'pg_class') = $2
            """,
            parameters: [schema, marker], context)
        for row in 0..<found.rowCount {
            guard let name = found.text(row, 0) else { continue }
            let orphan = PostgresTableName(schema: schema, table: name)
            let locked = try connection.execute(
                "SELECT pg_catalog.pg_try_advisory_lock(\(lockKey))", parameters: [orphan.sql], context)
            guard locked.bool(0, 0) else { continue }
            try connection.execute("DROP TABLE IF EXISTS \(orphan.sql)", PostgresContext(.load, "dropping the staging table \(orphan) of a failed load"))
            PostgresStaging(connection: connection, table: orphan).release()
        }
    }

    /// Makes the staging table the table `name` inside the load's transaction (for `create`).
    func rename(to name: PostgresTableName) throws(FerryError) {
        let context = PostgresContext(.commit, "renaming the staging table \(table) to \(name)")
        try connection.execute("ALTER TABLE \(table.sql) RENAME TO \(PostgresSQL.quoted(name.table))", context)
        try unmark(name, context)
    }

    /// Clears the marker of the table the staging table became.
    func unmark(_ name: PostgresTableName, _ context: @autoclosure () -> PostgresContext) throws(FerryError) {
        try connection.execute("COMMENT ON TABLE \(name.sql) IS NULL", context())
    }

    /// After a failure: drops the staging table through `dropper` (a connection outside the
    /// load's transaction: the load's own after its rollback, or a stream's) and releases the
    /// lock. Best effort; a table left behind is dropped by the next `sweep`.
    func discard(via dropper: PGConnection) {
        let context = PostgresContext(.load, "dropping the staging table \(table)")
        if dropper.isUsable, dropper.transactionStatus == .idle {
            _ = try? dropper.execute("DROP TABLE IF EXISTS \(table.sql)", context, interruptible: false)
        }
        release()
    }

    /// Releases the lock (after the commit, or once the table is dropped).
    func release() {
        guard connection.isUsable, connection.transactionStatus == .idle || connection.transactionStatus == .inTransaction else { return }
        _ = try? connection.execute(
            "SELECT pg_catalog.pg_advisory_unlock(\(Self.lockKey))", parameters: [table.sql],
            PostgresContext(.load, "unlocking the staging table \(table)"), interruptible: false)
    }
}
