/// Vertica, from its SQL reference (not tested here; Docs/connectors/odbc.md).
extension SQLDialect {
    /// Vertica commits DDL at once, so modes that create or rename tables are refused.
    package static let vertica = SQLDialect(
        family: .vertica, name: "Vertica",
        types: ColumnTypeNames(
            bigint: "INTEGER", decimal: "NUMERIC", anyDecimal: "NUMERIC(37,15)", decimalLimit: .init(precision: 1024),
            double: "FLOAT", boolean: "BOOLEAN", date: "DATE", timestamp: "TIMESTAMP",
            timestamptz: "TIMESTAMPTZ", uuid: "UUID", json: "LONG VARCHAR", text: "LONG VARCHAR"),
        identifierLimit: .bytes(128), upsert: .merge, transactionalDDL: false,
        currentSchemaQuery: "SELECT CURRENT_SCHEMA()", sessionSetup: ["SET TIME ZONE TO 'UTC'"],
        valueLimits: ValueLimits(targetName: "Vertica", maxDecimalDigits: 37))
}
