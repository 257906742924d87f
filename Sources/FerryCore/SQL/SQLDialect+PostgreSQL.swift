/// PostgreSQL, as the native connector (libpq) and psqlODBC write it (Docs/connectors/postgres.md).
extension SQLDialect {
    /// PostgreSQL keeps at most this many bytes of an identifier (NAMEDATALEN - 1).
    package static let postgresMaxIdentifierBytes = 63

    /// PostgreSQL: double-quoted identifiers of at most 63 bytes, `ON CONFLICT` upserts,
    /// transactional DDL, the session in UTC, no NUL in text.
    package static let postgres = SQLDialect(
        family: .postgres, name: "PostgreSQL", openQuote: "\"", closeQuote: "\"", identifierLimit: .bytes(postgresMaxIdentifierBytes),
        upsert: .onConflict, transactionalDDL: true, renamesAtomically: false, hasSchemas: true,
        currentSchemaQuery: "SELECT current_schema()", sessionSetup: ["SET TIME ZONE 'UTC'"],
        emptyTablePrefix: "TRUNCATE TABLE ", createTableSuffix: "", temporalAsText: false, selectFromNothing: "",
        tableAliasAs: true, valueLimits: ValueLimits(targetName: "PostgreSQL", allowsNULInText: false))

    /// JSON becomes `json`, which keeps the text exactly as loaded (create the table with `jsonb`
    /// to get jsonb: loads into it work).
    static func postgresTypeName(for type: ColumnType) -> String {
        switch type {
        case .bigint: "bigint"
        case let .decimal(p?, s?): "numeric(\(p),\(s))"
        case let .decimal(p?, nil): "numeric(\(p))"
        case .decimal: "numeric"
        case .double: "double precision"
        case .boolean: "boolean"
        case .date: "date"
        case .timestamp: "timestamp"
        case .timestamptz: "timestamptz"
        case .uuid: "uuid"
        case .json: "json"
        case .text: "text"
        }
    }
}
