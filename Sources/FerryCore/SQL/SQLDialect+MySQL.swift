/// MySQL and MariaDB (Docs/connectors/odbc.md, "MySQL and MariaDB").
extension SQLDialect {
    /// MySQL and MariaDB: backtick-quoted identifiers of at most 64 characters, `ON DUPLICATE
    /// KEY UPDATE` upserts, DDL that commits at once but an atomic multi-table `RENAME TABLE`, the
    /// connection's database as the only namespace, the session in UTC and strict about values.
    /// Tables are InnoDB (transactional) in utf8mb4 with binary collation, so text keys compare
    /// exactly as in the other systems. `DELETE FROM` empties a table: `TRUNCATE` is DDL there.
    ///
    /// Booleans are `TINYINT(1)` (MySQL's BOOLEAN is that alias); timestamptz is a UTC
    /// `DATETIME(6)` (the session's time zone is `+00:00`; MySQL's TIMESTAMP would stop at 2038),
    /// marked by `columnAttributes(for:)` in created tables;
    /// text and JSON are `LONGTEXT` (MySQL's JSON type rewrites the text, MariaDB's is LONGTEXT);
    /// uuid is `CHAR(36)`, readable and comparable as text. A decimal without precision, or with
    /// more than MySQL's 65 digits or 30 places, is `DECIMAL(65,30)`.
    package static let mysql = SQLDialect(
        family: .mysql, name: "MySQL",
        types: ColumnTypeNames(
            bigint: "BIGINT", decimal: "DECIMAL", anyDecimal: "DECIMAL(65,30)", decimalLimit: .init(precision: 65, scale: 30),
            double: "DOUBLE", boolean: "TINYINT(1)", date: "DATE", timestamp: "DATETIME(6)",
            timestamptz: "DATETIME(6)", uuid: "CHAR(36)", json: "LONGTEXT", text: "LONGTEXT"),
        openQuote: "`", closeQuote: "`", identifierLimit: .characters(64),
        upsert: .onDuplicateKey, transactionalDDL: false, renamesAtomically: true, hasSchemas: false,
        currentSchemaQuery: "SELECT DATABASE()",
        sessionSetup: [
            "SET time_zone = '+00:00'",
            "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
        ],
        createTableSuffix: " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        valueLimits: ValueLimits(targetName: "MySQL", maxDecimalDigits: 65, allowsNaN: false, allowsInfinity: false))

    /// The same dialect named as the server reports itself (`MariaDB` or `MySQL`).
    package static func mysql(name: String) -> SQLDialect {
        var dialect = mysql
        dialect.name = name
        dialect.valueLimits.targetName = name
        return dialect
    }

    /// A query returning the catalog that catalog lookups (ODBC's `SQLTables`, `SQLColumns`, …)
    /// must be limited to: MySQL's catalogs are its databases, and its drivers list the tables of
    /// every database when no catalog is given. Nil for the other families.
    package var currentCatalogQuery: String? {
        family == .mysql ? "SELECT DATABASE()" : nil
    }

    /// The comment that marks a `DATETIME(6)` column as a timestamptz (UTC instants): MySQL has
    /// no instant type beyond `TIMESTAMP`, which ends in 2038.
    package static let mysqlTimestamptzComment = "timestamptz (UTC)"

    /// What follows a created column's type besides NULL-ness: MySQL marks timestamptz columns
    /// with `mysqlTimestamptzComment`, so they read back as timestamptz.
    package func columnAttributes(for type: ColumnType) -> String {
        guard family == .mysql, type == .timestamptz else { return "" }
        return " COMMENT " + literal(Self.mysqlTimestamptzComment)
    }

    /// A query listing the columns of `table` (in the current database) whose Ferry type the
    /// catalog's type names cannot tell, as rows of (column name, `boolean` or `timestamptz`):
    /// MySQL's BOOLEAN is `TINYINT(1)` and catalogs report `tinyint`; a timestamptz is a
    /// `DATETIME` with `mysqlTimestamptzComment`. Nil for the other families.
    package func typeHintsQuery(table: String) -> String? {
        guard family == .mysql else { return nil }
        return "SELECT COLUMN_NAME, CASE WHEN DATA_TYPE = 'tinyint' THEN 'boolean' ELSE 'timestamptz' END"
            + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = " + literal(table)
            + " AND (COLUMN_TYPE LIKE 'tinyint(1)%' OR (DATA_TYPE = 'datetime' AND COLUMN_COMMENT = "
            + literal(Self.mysqlTimestamptzComment) + "))"
    }

    /// `RENAME TABLE t TO old, new TO t`: one atomic statement that puts `new` in `table`'s
    /// place and keeps the old table as `old` (all three already quoted, in one database).
    package func swapTables(_ table: String, new: String, old: String) -> String {
        "RENAME TABLE " + table + " TO " + old + ", " + new + " TO " + table
    }
}
