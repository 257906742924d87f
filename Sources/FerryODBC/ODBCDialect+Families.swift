import FerryCore

/// The dialects Ferry knows. Multi-row INSERT limits: PostgreSQL takes 65535 parameters per
/// statement, but psqlODBC loses its protocol synchronisation somewhere between 7000 and 9000
/// (measured), so 4096; SQLite 999 (older libraries' SQLITE_MAX_VARIABLE_NUMBER), SQL Server 2100 parameters
/// and 1000 rows per VALUES; Oracle and Vertica take one row per VALUES.
///
/// The dialects Ferry knows. PostgreSQL (psqlODBC) and SQLite (the SQLite ODBC driver) are
/// tested against the real drivers; SQL Server, Oracle, Snowflake and Vertica follow their
/// vendors' SQL references and are not tested here (Docs/connectors/odbc.md).
extension ODBCDialect {
    static let postgres = ODBCDialect(
        family: .postgres, name: "PostgreSQL", openQuote: "\"", closeQuote: "\"", upsert: .onConflict,
        transactionalDDL: true, hasSchemas: true, currentSchemaQuery: "SELECT current_schema()",
        sessionSetup: ["SET TIME ZONE 'UTC'"], emptyTablePrefix: "TRUNCATE TABLE ", booleanBinding: .bit,
        temporalAsText: false, enforcesLengths: true, selectFromNothing: "", tableAliasAs: true,
        maxInsertRows: 1000, maxParameters: 4096,
        valueLimits: ValueLimits(targetName: "PostgreSQL", allowsNULInText: false))

    /// SQLite through the SQLite ODBC driver: values stored as the SQLite sink stores them
    /// (booleans 0/1, dates and timestamps as canonical text, decimals as numbers).
    static let sqlite = ODBCDialect(
        family: .sqlite, name: "SQLite", openQuote: "\"", closeQuote: "\"", upsert: .onConflict,
        transactionalDDL: true, hasSchemas: false, currentSchemaQuery: nil,
        sessionSetup: [], emptyTablePrefix: "DELETE FROM ", booleanBinding: .integer,
        temporalAsText: true, enforcesLengths: false, selectFromNothing: "", tableAliasAs: true,
        maxInsertRows: 32, maxParameters: 999,
        valueLimits: ValueLimits(targetName: "SQLite", maxDecimalDigits: 15, allowsNaN: false))

    static let sqlServer = ODBCDialect(
        family: .sqlServer, name: "Microsoft SQL Server", openQuote: "[", closeQuote: "]", upsert: .merge,
        transactionalDDL: true, hasSchemas: true, currentSchemaQuery: "SELECT SCHEMA_NAME()",
        sessionSetup: [], emptyTablePrefix: "DELETE FROM ", booleanBinding: .bit,
        temporalAsText: false, enforcesLengths: true, selectFromNothing: "", tableAliasAs: true,
        maxInsertRows: 1000, maxParameters: 2100,
        valueLimits: ValueLimits(targetName: "Microsoft SQL Server", maxDecimalDigits: 38, allowsNaN: false, allowsInfinity: false))

    /// Oracle commits DDL at once, so modes that create or rename tables are refused.
    static let oracle = ODBCDialect(
        family: .oracle, name: "Oracle", openQuote: "\"", closeQuote: "\"", upsert: .merge,
        transactionalDDL: false, hasSchemas: true, currentSchemaQuery: "SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') FROM DUAL",
        sessionSetup: ["ALTER SESSION SET TIME_ZONE = 'UTC'"], emptyTablePrefix: "DELETE FROM ", booleanBinding: .integer,
        temporalAsText: false, enforcesLengths: true, selectFromNothing: " FROM DUAL", tableAliasAs: false,
        maxInsertRows: 1, maxParameters: 65535,
        valueLimits: ValueLimits(targetName: "Oracle", maxDecimalDigits: 38))

    /// Snowflake commits DDL at once, so modes that create or rename tables are refused.
    static let snowflake = ODBCDialect(
        family: .snowflake, name: "Snowflake", openQuote: "\"", closeQuote: "\"", upsert: .merge,
        transactionalDDL: false, hasSchemas: true, currentSchemaQuery: "SELECT CURRENT_SCHEMA()",
        sessionSetup: ["ALTER SESSION SET TIMEZONE = 'UTC'"], emptyTablePrefix: "DELETE FROM ", booleanBinding: .bit,
        temporalAsText: false, enforcesLengths: true, selectFromNothing: "", tableAliasAs: true,
        maxInsertRows: 16, maxParameters: 16384,
        valueLimits: ValueLimits(targetName: "Snowflake", maxDecimalDigits: 38))

    /// Vertica commits DDL at once, so modes that create or rename tables are refused.
    static let vertica = ODBCDialect(
        family: .vertica, name: "Vertica", openQuote: "\"", closeQuote: "\"", upsert: .merge,
        transactionalDDL: false, hasSchemas: true, currentSchemaQuery: "SELECT CURRENT_SCHEMA()",
        sessionSetup: ["SET TIME ZONE TO 'UTC'"], emptyTablePrefix: "DELETE FROM ", booleanBinding: .bit,
        temporalAsText: false, enforcesLengths: true, selectFromNothing: "", tableAliasAs: true,
        maxInsertRows: 1, maxParameters: 32767,
        valueLimits: ValueLimits(targetName: "Vertica", maxDecimalDigits: 37))

    /// Any other system: ANSI SQL, the driver's quote character (`"` when it reports none), no
    /// upsert, DDL transactional only when the driver says so (`SQL_TXN_CAPABLE`).
    static func generic(name: String, quote: String) -> ODBCDialect {
        // A blank SQL_IDENTIFIER_QUOTE_CHAR means the driver supports no quoting: use ANSI's.
        let open: Character = quote.count == 1 && quote != " " ? quote.first ?? "\"" : "\""
        return ODBCDialect(
            family: .generic, name: name, openQuote: open, closeQuote: open, upsert: .none,
            transactionalDDL: true, hasSchemas: true, currentSchemaQuery: nil,
            sessionSetup: [], emptyTablePrefix: "DELETE FROM ", booleanBinding: .bit,
            temporalAsText: false, enforcesLengths: true, selectFromNothing: "", tableAliasAs: true,
            maxInsertRows: 1, maxParameters: 2000,
            valueLimits: ValueLimits(targetName: name, maxDecimalDigits: 38, allowsNaN: false, allowsInfinity: false))
    }
}
