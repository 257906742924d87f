/// What the driver says about itself and its DBMS (`SQLGetInfo`), read once after connecting.
struct ODBCDriverFacts: Sendable, Equatable {
    /// How statements and transactions mix (`SQL_TXN_CAPABLE`).
    enum Transactions: Sendable, Equatable {
        /// No transactions: nothing can be atomic.
        case none
        /// Transactions hold only INSERT, UPDATE, DELETE, SELECT; DDL is an error.
        case dmlOnly
        /// DDL and DML in one transaction.
        case all
        /// DDL commits the open transaction.
        case ddlCommits
        /// DDL is ignored inside a transaction.
        case ddlIgnored
    }

    /// `SQL_DBMS_NAME`, e.g. `PostgreSQL`.
    var dbmsName: String
    /// `SQL_DBMS_VER`.
    var dbmsVersion: String
    /// `SQL_DRIVER_NAME`, e.g. `psqlodbcw.so`.
    var driverName: String
    /// `SQL_IDENTIFIER_QUOTE_CHAR` (a space when quoting is not supported).
    var quote: String
    /// `SQL_SEARCH_PATTERN_ESCAPE`: escapes `_` and `%` in catalog function patterns.
    var searchEscape: String
    var transactions: Transactions
    /// `SQL_GETDATA_EXTENSIONS` has `SQL_GD_BLOCK` and `SQL_GD_BOUND`: a value cut short in a
    /// block cursor's bound buffer can be read whole with `SQLSetPos` and `SQLGetData`.
    var getDataInBlocks: Bool
    /// `SQL_PARAM_ARRAY_ROW_COUNTS` is `SQL_PARC_BATCH`: each parameter set has its own row
    /// count, read with `SQLMoreResults`; otherwise `SQLRowCount` is the total.
    var rowCountPerParameterSet: Bool
    /// `SQL_MAX_IDENTIFIER_LEN`; 0 when unknown.
    var maxIdentifierLength: Int

    /// Whether the driver runs an array of parameter sets by writing every set's values into
    /// the SQL text (psqlODBC sends one simple query of `INSERT … VALUES ('1', …);` statements,
    /// which the server parses literal by literal), while a single set goes through a
    /// server-side prepared statement. With such a driver a statement of many rows, executed one
    /// set at a time, loads faster than arrays of sets (measured in Docs/connectors/odbc.md).
    var inlinesParameterArrays: Bool {
        driverName.lowercased().contains("psqlodbc")
    }
}
