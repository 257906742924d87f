import FerryCore

/// What differs between the database systems reached through ODBC, detected from
/// `SQLGetInfo(SQL_DBMS_NAME)`: the shared `SQLDialect` (quoting, type names, upsert form, DDL
/// and transactions, session settings, value limits) plus what only the ODBC path needs — how
/// parameters are bound, how many fit one statement, whether catalog sizes are enforced, and
/// which native codes mean what.
///
/// Code that builds SQL asks the dialect; it never compares DBMS names itself.
struct ODBCDialect: Sendable, Equatable {
    typealias Family = SQLDialect.Family
    typealias UpsertForm = SQLDialect.UpsertForm

    /// How a value of a Ferry type travels as a parameter.
    enum Binding: Sendable, Equatable {
        /// Booleans as `SQL_C_BIT` into `SQL_BIT`, or as 0/1 integers.
        case bit, integer
    }

    /// The system's SQL, shared with the native connectors.
    var sql: SQLDialect
    var booleanBinding: Binding
    /// Whether the catalog's column sizes are limits the database enforces (SQLite's are not).
    var enforcesLengths: Bool
    /// Rows one `INSERT … VALUES (…), (…)` may carry (1: the system takes one row per VALUES).
    var maxInsertRows: Int
    /// Parameter markers one statement may hold.
    var maxParameters: Int

    var family: Family { sql.family }
    /// The system's name in messages, e.g. `PostgreSQL`.
    var name: String { sql.name }
    var upsert: UpsertForm {
        get { sql.upsert }
        set { sql.upsert = newValue }
    }
    /// Whether CREATE, DROP and ALTER take part in the transaction (not when they commit it).
    var transactionalDDL: Bool {
        get { sql.transactionalDDL }
        set { sql.transactionalDDL = newValue }
    }
    /// Whether `RENAME TABLE t TO old, new TO t` swaps tables atomically (MySQL).
    var renamesAtomically: Bool {
        get { sql.renamesAtomically }
        set { sql.renamesAtomically = newValue }
    }
    var hasSchemas: Bool { sql.hasSchemas }
    var currentSchemaQuery: String? { sql.currentSchemaQuery }
    var sessionSetup: [String] { sql.sessionSetup }
    var emptyTablePrefix: String { sql.emptyTablePrefix }
    /// Dates and timestamps bound as canonical text rather than `SQL_DATE_STRUCT` and
    /// `SQL_TIMESTAMP_STRUCT` (SQLite stores them as text; its driver keeps only milliseconds).
    var temporalAsText: Bool { sql.temporalAsText }
    var selectFromNothing: String { sql.selectFromNothing }
    var tableAliasAs: Bool { sql.tableAliasAs }
    var valueLimits: ValueLimits { sql.valueLimits }

    /// Rows per INSERT statement for `columns` columns: as many as both limits allow.
    func insertRows(columns: Int) -> Int {
        max(1, min(maxInsertRows, maxParameters / max(1, columns)))
    }

    /// The dialect for a DBMS name as drivers report it (`PostgreSQL`, `SQLite`, `MySQL`,
    /// `MariaDB`, `Microsoft SQL Server`, `Oracle`, `Snowflake`, `Vertica Database`); `quote` is
    /// the driver's `SQL_IDENTIFIER_QUOTE_CHAR`, used by the generic dialect.
    static func detect(dbmsName: String, quote: String) -> ODBCDialect {
        let lower = dbmsName.lowercased()
        if lower.contains("postgres") { return .postgres }
        if lower.contains("sqlite") { return .sqlite }
        if lower.contains("mariadb") { return .mysql(name: "MariaDB") }
        if lower.contains("mysql") { return .mysql(name: "MySQL") }
        if lower.contains("sql server") || lower.contains("sqlserver") { return .sqlServer }
        if lower.contains("oracle") { return .oracle }
        if lower.contains("snowflake") { return .snowflake }
        if lower.contains("vertica") { return .vertica }
        return .generic(name: dbmsName.isEmpty ? "the database" : dbmsName, quote: quote)
    }

    /// `name` as a quoted identifier, the closing quote doubled inside it.
    func quoted(_ identifier: String) -> String { sql.quoted(identifier) }

    /// A comma-separated list of quoted identifiers.
    func list(_ names: [String]) -> String { sql.list(names) }

    /// The column type a created table uses for `type` (Docs/connectors/odbc.md, "Type mapping").
    func typeName(for type: ColumnType) -> String { sql.typeName(for: type) }

    /// A text column type for the ledger's key (`run_id`).
    var ledgerKeyType: String { sql.ledgerKeyType }

    /// A text column type for the ledger's short text columns.
    var ledgerTextType: String { sql.ledgerTextType }

    /// Whether a native code (with its SQLSTATE) is an integrity constraint violation the
    /// SQLSTATE does not say (SQLite reports `HY000` with its result code 19 and extended codes).
    func isConstraintViolation(native: Int32, sqlstate: String) -> Bool {
        switch family {
        case .sqlite: native & 0xFF == 19
        case .oracle: [1, 1400, 2290, 2291, 2292].contains(native)
        case .sqlServer: [547, 2601, 2627, 515].contains(native)
        // ER_DUP_ENTRY, ER_BAD_NULL_ERROR, ER_NO_REFERENCED_ROW_2, ER_ROW_IS_REFERENCED_2,
        // ER_CONSTRAINT_FAILED (CHECK).
        case .mysql: [1062, 1048, 1452, 1451, 4025].contains(native)
        default: false
        }
    }

    /// Whether a native code is a cancelled statement the SQLSTATE does not say as HY008 or
    /// 57014 (MySQL's SQLCancel kills the query: ER_QUERY_INTERRUPTED, 1317, SQLSTATE 70100).
    func isCancellation(native: Int32, sqlstate: String) -> Bool {
        family == .mysql && native == 1317
    }

    /// Whether a native code is a transient conflict worth retrying (SQLite busy or locked,
    /// SQL Server deadlock victim, MySQL deadlock or lock wait timeout).
    func isRetryable(native: Int32, sqlstate: String) -> Bool {
        switch family {
        case .sqlite: native & 0xFF == 5 || native & 0xFF == 6
        case .sqlServer: native == 1205
        case .mysql: native == 1213 || native == 1205
        default: false
        }
    }
}
