/// Snowflake, from its SQL reference (not tested here; Docs/connectors/odbc.md).
extension SQLDialect {
    /// Snowflake commits DDL at once, so modes that create or rename tables are refused.
    package static let snowflake = SQLDialect(
        family: .snowflake, name: "Snowflake", openQuote: "\"", closeQuote: "\"", identifierLimit: .characters(255),
        upsert: .merge, transactionalDDL: false, renamesAtomically: false, hasSchemas: true,
        currentSchemaQuery: "SELECT CURRENT_SCHEMA()", sessionSetup: ["ALTER SESSION SET TIMEZONE = 'UTC'"],
        emptyTablePrefix: "DELETE FROM ", createTableSuffix: "", temporalAsText: false, selectFromNothing: "",
        tableAliasAs: true, valueLimits: ValueLimits(targetName: "Snowflake", maxDecimalDigits: 38))

    static func snowflakeTypeName(for type: ColumnType) -> String {
        switch type {
        case .bigint: "BIGINT"
        case let .decimal(p?, s) where p <= 38: "NUMBER(\(p),\(s ?? 0))"
        case .decimal: "NUMBER(38,10)"
        case .double: "DOUBLE"
        case .boolean: "BOOLEAN"
        case .date: "DATE"
        case .timestamp: "TIMESTAMP_NTZ(6)"
        case .timestamptz: "TIMESTAMP_TZ(6)"
        case .uuid: "VARCHAR(36)"
        case .json, .text: "VARCHAR"
        }
    }
}
