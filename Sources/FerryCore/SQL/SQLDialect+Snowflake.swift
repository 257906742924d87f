/// Snowflake, from its SQL reference (not tested here; Docs/connectors/odbc.md).
extension SQLDialect {
    /// Snowflake commits DDL at once, so modes that create or rename tables are refused.
    package static let snowflake = SQLDialect(
        family: .snowflake, name: "Snowflake",
        types: ColumnTypeNames(
            bigint: "BIGINT", decimal: "NUMBER", anyDecimal: "NUMBER(38,10)", decimalLimit: .init(precision: 38),
            double: "DOUBLE", boolean: "BOOLEAN", date: "DATE", timestamp: "TIMESTAMP_NTZ(6)",
            timestamptz: "TIMESTAMP_TZ(6)", uuid: "VARCHAR(36)", json: "VARCHAR", text: "VARCHAR"),
        identifierLimit: .characters(255), upsert: .merge, transactionalDDL: false,
        currentSchemaQuery: "SELECT CURRENT_SCHEMA()", sessionSetup: ["ALTER SESSION SET TIMEZONE = 'UTC'"],
        valueLimits: ValueLimits(targetName: "Snowflake", maxDecimalDigits: 38))
}
