import FerryCore

/// What differs between the database systems reached through ODBC, detected from
/// `SQLGetInfo(SQL_DBMS_NAME)`: identifier quoting, type names, how rows are upserted and how a
/// table is replaced, session settings, and which native codes mean what.
///
/// Code that builds SQL asks the dialect; it never compares DBMS names itself.
struct ODBCDialect: Sendable, Equatable {
    /// The systems Ferry knows. `generic` is ANSI SQL with the driver's own quote character.
    enum Family: String, Sendable, CaseIterable {
        case postgres, sqlite, sqlServer, oracle, snowflake, vertica, generic
    }

    /// How `upsert` writes a row.
    enum UpsertForm: Sendable, Equatable {
        /// `INSERT … ON CONFLICT (key) DO UPDATE SET c = excluded.c` (PostgreSQL, SQLite).
        case onConflict
        /// `MERGE INTO t USING (SELECT ? AS c, …) s ON (…) WHEN MATCHED … WHEN NOT MATCHED …`.
        case merge
        /// No single statement inserts or updates: `upsert` is refused.
        case none
    }

    /// How a value of a Ferry type travels as a parameter.
    enum Binding: Sendable, Equatable {
        /// Booleans as `SQL_C_BIT` into `SQL_BIT`, or as 0/1 integers.
        case bit, integer
    }

    var family: Family
    /// The system's name in messages, e.g. `PostgreSQL`.
    var name: String
    var openQuote: Character
    var closeQuote: Character
    var upsert: UpsertForm
    /// Whether CREATE, DROP and ALTER take part in the transaction (not when they commit it).
    var transactionalDDL: Bool
    /// Whether tables live in schemas (SQLite's attached databases are not used).
    var hasSchemas: Bool
    /// A query returning the schema that unqualified names resolve to.
    var currentSchemaQuery: String?
    /// Statements run once after connecting (the session's time zone: UTC).
    var sessionSetup: [String]
    /// `TRUNCATE TABLE ` or `DELETE FROM `: empties a table inside the transaction.
    var emptyTablePrefix: String
    var booleanBinding: Binding
    /// Dates and timestamps bound as canonical text rather than `SQL_DATE_STRUCT` and
    /// `SQL_TIMESTAMP_STRUCT` (SQLite stores them as text; its driver keeps only milliseconds).
    var temporalAsText: Bool
    /// Whether the catalog's column sizes are limits the database enforces (SQLite's are not).
    var enforcesLengths: Bool
    /// `FROM DUAL` and the like: what a `SELECT` of parameters needs after its select list.
    var selectFromNothing: String
    /// Whether `AS` may precede a table alias (Oracle refuses it).
    var tableAliasAs: Bool
    /// Rows one `INSERT … VALUES (…), (…)` may carry (1: the system takes one row per VALUES).
    var maxInsertRows: Int
    /// Parameter markers one statement may hold.
    var maxParameters: Int
    /// What the target stores exactly.
    var valueLimits: ValueLimits

    /// Rows per INSERT statement for `columns` columns: as many as both limits allow.
    func insertRows(columns: Int) -> Int {
        max(1, min(maxInsertRows, maxParameters / max(1, columns)))
    }

    /// The dialect for a DBMS name as drivers report it (`PostgreSQL`, `SQLite`, `Microsoft SQL
    /// Server`, `Oracle`, `Snowflake`, `Vertica Database`); `quote` is the driver's
    /// `SQL_IDENTIFIER_QUOTE_CHAR`, used by the generic dialect.
    static func detect(dbmsName: String, quote: String) -> ODBCDialect {
        let lower = dbmsName.lowercased()
        if lower.contains("postgres") { return .postgres }
        if lower.contains("sqlite") { return .sqlite }
        if lower.contains("sql server") || lower.contains("sqlserver") { return .sqlServer }
        if lower.contains("oracle") { return .oracle }
        if lower.contains("snowflake") { return .snowflake }
        if lower.contains("vertica") { return .vertica }
        return .generic(name: dbmsName.isEmpty ? "the database" : dbmsName, quote: quote)
    }

    /// `name` as a quoted identifier, the closing quote doubled inside it.
    func quoted(_ identifier: String) -> String {
        var out = String(openQuote)
        out.reserveCapacity(identifier.utf8.count + 2)
        for character in identifier {
            out.append(character)
            if character == closeQuote { out.append(closeQuote) }
        }
        out.append(closeQuote)
        return out
    }

    /// A comma-separated list of quoted identifiers.
    func list(_ names: [String]) -> String {
        names.map(quoted).joined(separator: ", ")
    }

    /// Whether a native code (with its SQLSTATE) is an integrity constraint violation the
    /// SQLSTATE does not say (SQLite reports `HY000` with its result code 19 and extended codes).
    func isConstraintViolation(native: Int32, sqlstate: String) -> Bool {
        switch family {
        case .sqlite: native & 0xFF == 19
        case .oracle: [1, 1400, 2290, 2291, 2292].contains(native)
        case .sqlServer: [547, 2601, 2627, 515].contains(native)
        default: false
        }
    }

    /// Whether a native code is a transient conflict worth retrying (SQLite busy or locked,
    /// SQL Server deadlock victim).
    func isRetryable(native: Int32, sqlstate: String) -> Bool {
        switch family {
        case .sqlite: native & 0xFF == 5 || native & 0xFF == 6
        case .sqlServer: native == 1205
        default: false
        }
    }
}
