/// Microsoft SQL Server, from its SQL reference (not tested here; Docs/connectors/odbc.md).
extension SQLDialect {
    package static let sqlServer = SQLDialect(
        family: .sqlServer, name: "Microsoft SQL Server", openQuote: "[", closeQuote: "]", identifierLimit: .characters(128),
        upsert: .merge, transactionalDDL: true, renamesAtomically: false, hasSchemas: true,
        currentSchemaQuery: "SELECT SCHEMA_NAME()", sessionSetup: [], emptyTablePrefix: "DELETE FROM ",
        createTableSuffix: "", temporalAsText: false, selectFromNothing: "", tableAliasAs: true,
        valueLimits: ValueLimits(targetName: "Microsoft SQL Server", maxDecimalDigits: 38, allowsNaN: false, allowsInfinity: false))

    static func sqlServerTypeName(for type: ColumnType) -> String {
        switch type {
        case .bigint: "BIGINT"
        case let .decimal(p?, s) where p <= 38: "DECIMAL(\(p),\(s ?? 0))"
        case .decimal: "DECIMAL(38,10)"
        case .double: "FLOAT"
        case .boolean: "BIT"
        case .date: "DATE"
        case .timestamp: "DATETIME2(6)"
        case .timestamptz: "DATETIMEOFFSET(6)"
        case .uuid: "UNIQUEIDENTIFIER"
        case .json, .text: "NVARCHAR(MAX)"
        }
    }
}
