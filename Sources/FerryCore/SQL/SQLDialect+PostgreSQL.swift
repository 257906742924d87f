/// PostgreSQL, as the native connector (libpq) and psqlODBC write it (Docs/connectors/postgres.md).
extension SQLDialect {
    /// PostgreSQL keeps at most this many bytes of an identifier (NAMEDATALEN - 1).
    package static let postgresMaxIdentifierBytes = 63

    /// PostgreSQL: double-quoted identifiers of at most 63 bytes, `ON CONFLICT` upserts,
    /// transactional DDL, the session in UTC, no NUL in text.
    package static let postgres = SQLDialect(
        family: .postgres, name: "PostgreSQL", types: postgresTypes, identifierLimit: .bytes(postgresMaxIdentifierBytes),
        upsert: .onConflict, transactionalDDL: true,
        currentSchemaQuery: "SELECT current_schema()", sessionSetup: ["SET TIME ZONE 'UTC'"],
        emptyTablePrefix: "TRUNCATE TABLE ", valueLimits: ValueLimits(targetName: "PostgreSQL", allowsNULInText: false))

    /// The contract's type names, which are PostgreSQL's but for `numeric` and `double
    /// precision`. JSON becomes `json`, which keeps the text exactly as loaded (create the table
    /// with `jsonb` to get jsonb: loads into it work).
    private static let postgresTypes: ColumnTypeNames = {
        var names = ColumnTypeNames.contract
        names.decimal = "numeric"
        names.anyDecimal = "numeric"
        names.double = "double precision"
        return names
    }()
}
