/// Vertica, from its SQL reference (not tested here; Docs/connectors/odbc.md).
extension SQLDialect {
    /// Vertica commits DDL at once, so modes that create or rename tables are refused.
    package static let vertica = SQLDialect(
        family: .vertica, name: "Vertica", openQuote: "\"", closeQuote: "\"", identifierLimit: .bytes(128),
        upsert: .merge, transactionalDDL: false, renamesAtomically: false, hasSchemas: true,
        currentSchemaQuery: "SELECT CURRENT_SCHEMA()", sessionSetup: ["SET TIME ZONE TO 'UTC'"],
        emptyTablePrefix: "DELETE FROM ", createTableSuffix: "", temporalAsText: false, selectFromNothing: "",
        tableAliasAs: true, valueLimits: ValueLimits(targetName: "Vertica", maxDecimalDigits: 37))

    static func verticaTypeName(for type: ColumnType) -> String {
        switch type {
        case .bigint: "INTEGER"
        case let .decimal(p?, s) where p <= 1024: "NUMERIC(\(p),\(s ?? 0))"
        case .decimal: "NUMERIC(37,15)"
        case .double: "FLOAT"
        case .boolean: "BOOLEAN"
        case .date: "DATE"
        case .timestamp: "TIMESTAMP"
        case .timestamptz: "TIMESTAMPTZ"
        case .uuid: "UUID"
        case .json, .text: "LONG VARCHAR"
        }
    }
}
