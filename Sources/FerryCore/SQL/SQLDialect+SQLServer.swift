/// Microsoft SQL Server, from its SQL reference (not tested here; Docs/connectors/odbc.md).
extension SQLDialect {
    package static let sqlServer = SQLDialect(
        family: .sqlServer, name: "Microsoft SQL Server",
        types: ColumnTypeNames(
            bigint: "BIGINT", decimal: "DECIMAL", anyDecimal: "DECIMAL(38,10)", decimalLimit: .init(precision: 38),
            double: "FLOAT", boolean: "BIT", date: "DATE", timestamp: "DATETIME2(6)",
            timestamptz: "DATETIMEOFFSET(6)", uuid: "UNIQUEIDENTIFIER", json: "NVARCHAR(MAX)", text: "NVARCHAR(MAX)"),
        openQuote: "[", closeQuote: "]", identifierLimit: .characters(128), upsert: .merge, transactionalDDL: true,
        currentSchemaQuery: "SELECT SCHEMA_NAME()",
        valueLimits: ValueLimits(targetName: "Microsoft SQL Server", maxDecimalDigits: 38, allowsNaN: false, allowsInfinity: false))
}
