/// Oracle, from its SQL reference (not tested here; Docs/connectors/odbc.md).
extension SQLDialect {
    /// Oracle commits DDL at once, so modes that create or rename tables are refused.
    package static let oracle = SQLDialect(
        family: .oracle, name: "Oracle", openQuote: "\"", closeQuote: "\"", identifierLimit: .bytes(128),
        upsert: .merge, transactionalDDL: false, renamesAtomically: false, hasSchemas: true,
        currentSchemaQuery: "SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') FROM DUAL",
        sessionSetup: ["ALTER SESSION SET TIME_ZONE = 'UTC'"], emptyTablePrefix: "DELETE FROM ", createTableSuffix: "",
        temporalAsText: false, selectFromNothing: " FROM DUAL", tableAliasAs: false,
        valueLimits: ValueLimits(targetName: "Oracle", maxDecimalDigits: 38))

    static func oracleTypeName(for type: ColumnType) -> String {
        switch type {
        case .bigint: "NUMBER(19)"
        case let .decimal(p?, s) where p <= 38: "NUMBER(\(p),\(s ?? 0))"
        case .decimal: "NUMBER"
        case .double: "BINARY_DOUBLE"
        case .boolean: "NUMBER(1)"
        case .date: "DATE"
        case .timestamp: "TIMESTAMP(6)"
        case .timestamptz: "TIMESTAMP(6) WITH TIME ZONE"
        case .uuid: "VARCHAR2(36)"
        case .json, .text: "NCLOB"
        }
    }
}
