/// Oracle, from its SQL reference (not tested here; Docs/connectors/odbc.md).
extension SQLDialect {
    /// Oracle commits DDL at once, so modes that create or rename tables are refused.
    package static let oracle = SQLDialect(
        family: .oracle, name: "Oracle",
        types: ColumnTypeNames(
            bigint: "NUMBER(19)", decimal: "NUMBER", anyDecimal: "NUMBER", decimalLimit: .init(precision: 38),
            double: "BINARY_DOUBLE", boolean: "NUMBER(1)", date: "DATE", timestamp: "TIMESTAMP(6)",
            timestamptz: "TIMESTAMP(6) WITH TIME ZONE", uuid: "VARCHAR2(36)", json: "NCLOB", text: "NCLOB"),
        identifierLimit: .bytes(128), upsert: .merge, transactionalDDL: false,
        currentSchemaQuery: "SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') FROM DUAL",
        sessionSetup: ["ALTER SESSION SET TIME_ZONE = 'UTC'"], selectFromNothing: " FROM DUAL", tableAliasAs: false,
        valueLimits: ValueLimits(targetName: "Oracle", maxDecimalDigits: 38))
}
