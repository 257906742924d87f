import FerryCore

/// The dialects Ferry knows: each family's shared `SQLDialect` plus its ODBC facts. Multi-row
/// INSERT limits: PostgreSQL takes 65535 parameters per statement, but psqlODBC loses its protocol
/// synchronisation somewhere between 7000 and 9000 (measured), so 4096; SQLite 999 (older
/// libraries' SQLITE_MAX_VARIABLE_NUMBER), SQL Server 2100 parameters and 1000 rows per VALUES;
/// MySQL 65535 placeholders per prepared statement (16384 kept, for packet size); Oracle and
/// Vertica take one row per VALUES.
///
/// PostgreSQL (psqlODBC), SQLite (the SQLite ODBC driver) and MariaDB (MariaDB Connector/ODBC)
/// are tested against the real drivers and servers; SQL Server, Oracle, Snowflake and Vertica
/// follow their vendors' SQL references and are not tested here (Docs/connectors/odbc.md).
extension ODBCDialect {
    static let postgres = ODBCDialect(sql: .postgres, booleanBinding: .bit, enforcesLengths: true, maxInsertRows: 1000, maxParameters: 4096)

    /// SQLite through the SQLite ODBC driver: values stored as the SQLite sink stores them
    /// (booleans 0/1, dates and timestamps as canonical text, decimals as numbers).
    static let sqlite = ODBCDialect(sql: .sqlite, booleanBinding: .integer, enforcesLengths: false, maxInsertRows: 32, maxParameters: 999)

    /// MySQL or MariaDB (`name`) through its Connector/ODBC: booleans bound as 0/1 into
    /// `TINYINT(1)`, dates and timestamps as structs.
    static func mysql(name: String) -> ODBCDialect {
        ODBCDialect(sql: .mysql(name: name), booleanBinding: .integer, enforcesLengths: true, maxInsertRows: 1000, maxParameters: 16384)
    }

    static let sqlServer = ODBCDialect(sql: .sqlServer, booleanBinding: .bit, enforcesLengths: true, maxInsertRows: 1000, maxParameters: 2100)

    /// Oracle commits DDL at once, so modes that create or rename tables are refused.
    static let oracle = ODBCDialect(sql: .oracle, booleanBinding: .integer, enforcesLengths: true, maxInsertRows: 1, maxParameters: 65535)

    /// Snowflake commits DDL at once, so modes that create or rename tables are refused.
    static let snowflake = ODBCDialect(sql: .snowflake, booleanBinding: .bit, enforcesLengths: true, maxInsertRows: 16, maxParameters: 16384)

    /// Vertica commits DDL at once, so modes that create or rename tables are refused.
    static let vertica = ODBCDialect(sql: .vertica, booleanBinding: .bit, enforcesLengths: true, maxInsertRows: 1, maxParameters: 32767)

    /// Any other system: ANSI SQL, the driver's quote character (`"` when it reports none), no
    /// upsert, DDL transactional only when the driver says so (`SQL_TXN_CAPABLE`).
    static func generic(name: String, quote: String) -> ODBCDialect {
        ODBCDialect(sql: .generic(name: name, quote: quote), booleanBinding: .bit, enforcesLengths: true, maxInsertRows: 1, maxParameters: 2000)
    }
}
