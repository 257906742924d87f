package import FerryCore

/// Checks' reads on a PostgreSQL target, on a connection of their own (the load's connection is
/// busy with COPY while rows stream): they see what is committed, not the rows of the load in
/// progress. Names travel as parameters or quoted identifiers; values as one text array.
final class PostgresLookup: TargetLookup {
    private let connection: PGConnection
    /// The schema of unqualified names: the target's, else the connection's current one.
    private let defaultSchema: String?
    /// Where the load ledger is.
    private let ledgerSchema: String?

    init(connection: Secret?, targetSchema: String?, ledgerSchema: String?) throws(FerryError) {
        self.connection = try PGConnection(connection: connection)
        defaultSchema = targetSchema
        self.ledgerSchema = ledgerSchema ?? targetSchema
    }

    deinit {
        connection.close()
    }

    private func name(_ schema: String?, _ table: String) -> PostgresTableName {
        PostgresTableName(schema: schema ?? defaultSchema, table: table)
    }

    func columns(schema: String?, table: String) throws(FerryError) -> [String]? {
        let target = name(schema, table)
        let result = try connection.execute(
            """
            SELECT a.attname::text FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = pg_catalog.to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """,
            parameters: [target.sql], PostgresContext(.validate, "reading the columns of table \(target)"))
        let names = (0..<result.rowCount).compactMap { result.text($0, 0) }
        return names.isEmpty ? nil : names
    }

    /// Compares texts (`c::text = ANY($1)`), so that any column type works with the values as
    /// Ferry writes them; the comparison does not use an index on the column.
    func present(_ values: [String], schema: String?, table: String, column: String) throws(FerryError) -> Set<String> {
        guard !values.isEmpty else { return [] }
        let target = name(schema, table)
        let c = PostgresSQL.quoted(column)
        let result = try connection.execute(
            "SELECT DISTINCT r.\(c)::text FROM \(target.sql) r WHERE r.\(c)::text = ANY($1::text[])",
            parameters: [Self.textArray(values)], PostgresContext(.load, "looking up values in column \(c) of table \(target)"))
        return Set((0..<result.rowCount).compactMap { result.text($0, 0) })
    }

    /// A `text[]` literal: every element double-quoted, `"` and `\` escaped.
    static func textArray(_ values: [String]) -> String {
        var out = "{"
        for (i, value) in values.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for ch in value.unicodeScalars {
                if ch == "\"" || ch == "\\" { out += "\\" }
                out.unicodeScalars.append(ch)
            }
            out += "\""
        }
        return out + "}"
    }

    func lastChecksRecord(job: Job) throws(FerryError) -> String? {
        let catalog = PostgresCatalog(connection: connection, stage: .validate)
        var schema = ledgerSchema
        if schema == nil { schema = try catalog.currentSchema() }
        let ledger = PostgresTableName(schema: schema, table: LedgerTable.name)
        guard try catalog.relation(ledger) != nil else { return nil }
        // to_jsonb(l) holds the columns the table has: an older ledger's rows read as null.
        let result = try connection.execute(
            """
            SELECT pg_catalog.to_jsonb(l) ->> '\(LedgerColumn.checks)' FROM \(ledger.sql) l
            WHERE l.\(LedgerColumn.jobName) = $1 AND l.\(LedgerColumn.jobNamespace) = $2 AND l.\(LedgerColumn.status) = 'completed'
            ORDER BY l.\(LedgerColumn.endedAt) DESC LIMIT 1
            """,
            parameters: [job.name, job.namespace], PostgresContext(.validate, "reading the last completed load of job \(job.name) from the ledger"))
        return result.rowCount == 1 ? result.text(0, 0) : nil
    }
}

extension PostgresTarget: TargetLookupProvider {
    /// A lookup on a connection of its own (see `PostgresLookup`).
    package func targetLookup() throws(FerryError) -> any TargetLookup {
        try PostgresLookup(connection: connectionString, targetSchema: targetSchema, ledgerSchema: ledgerSchema)
    }
}
