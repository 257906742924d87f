/// What differs between the SQL database systems Ferry writes, described once for the native
/// connectors (PostgreSQL, SQLite) and every ODBC family: identifier quoting and length, the type
/// a created column gets for each Ferry `ColumnType`, how a row is upserted, whether DDL takes
/// part in transactions, how a table is emptied, the current-schema query and what values the
/// system stores exactly. Pure data and string building: no I/O.
///
/// Code that builds SQL asks the dialect; it never compares system names itself. Facts that
/// belong to one access path (ODBC parameter binding, statement size limits, driver quirks) live
/// with that path (`ODBCDialect` in FerryODBC), on top of this.
///
/// The defaults are ANSI SQL's: double-quoted identifiers, `DELETE FROM` to empty a table,
/// schemas, no session setup; each family states where it differs.
package struct SQLDialect: Sendable, Equatable {
    /// The systems Ferry knows. `generic` is ANSI SQL with the driver's own quote character.
    package enum Family: String, Sendable, CaseIterable {
        case postgres, sqlite, mysql, sqlServer, oracle, snowflake, vertica, generic
    }

    /// How `upsert` writes a row.
    package enum UpsertForm: Sendable, Equatable {
        /// `INSERT … ON CONFLICT (key) DO UPDATE SET c = excluded.c` (PostgreSQL, SQLite).
        case onConflict
        /// `MERGE INTO t USING (SELECT ? AS c, …) s ON (…) WHEN MATCHED … WHEN NOT MATCHED …`.
        case merge
        /// `INSERT … ON DUPLICATE KEY UPDATE c = VALUES(c)` (MySQL, MariaDB): the key is whichever
        /// PRIMARY KEY or UNIQUE index the row collides with, so the table must have one on the key.
        case onDuplicateKey
        /// No single statement inserts or updates: `upsert` is refused.
        case none
    }

    /// How long an identifier may be.
    package enum IdentifierLimit: Sendable, Equatable {
        /// UTF-8 bytes (PostgreSQL: 63, NAMEDATALEN - 1).
        case bytes(Int)
        /// Characters (MySQL and MariaDB: 64).
        case characters(Int)
    }

    package var family: Family
    /// The system's name in messages, e.g. `PostgreSQL`.
    package var name: String
    /// The column type a created table uses for each Ferry type.
    package var types: ColumnTypeNames
    package var openQuote: Character = "\""
    package var closeQuote: Character = "\""
    /// The longest identifier the system keeps, when it has a documented limit.
    package var identifierLimit: IdentifierLimit?
    package var upsert: UpsertForm
    /// Whether CREATE, DROP and ALTER take part in the transaction (not when they commit it).
    package var transactionalDDL: Bool
    /// Whether one statement swaps two tables' names atomically even though DDL commits at once
    /// (MySQL's `RENAME TABLE t TO old, new TO t`): then `replace` loads a new table outside the
    /// transaction and swaps it in at the end, and `create` drops its table again on failure.
    package var renamesAtomically = false
    /// Whether tables live in schemas (SQLite's attached databases and MySQL's databases are not
    /// used as schemas: the connection's database holds the tables).
    package var hasSchemas = true
    /// A query returning the schema that unqualified names resolve to.
    package var currentSchemaQuery: String?
    /// Statements run once after connecting (the session's time zone: UTC).
    package var sessionSetup: [String] = []
    /// `TRUNCATE TABLE ` or `DELETE FROM `: empties a table inside the transaction.
    package var emptyTablePrefix = "DELETE FROM "
    /// What follows the column list of a created table (MySQL: engine and character set).
    package var createTableSuffix = ""
    /// Dates and timestamps stored as canonical text (SQLite has no date types).
    package var temporalAsText = false
    /// `FROM DUAL` and the like: what a `SELECT` of parameters needs after its select list.
    package var selectFromNothing = ""
    /// Whether `AS` may precede a table alias (Oracle refuses it).
    package var tableAliasAs = true
    /// What the system stores exactly.
    package var valueLimits: ValueLimits

    /// `name` as a quoted identifier, the closing quote doubled inside it: `my "t"` →
    /// `"my ""t"""`, ``a`b`` → ``` `a``b` ```. Compared by Unicode scalar, so a quote followed by
    /// a combining mark is doubled too.
    package func quoted(_ identifier: String) -> String {
        var out = String(openQuote)
        out.reserveCapacity(identifier.utf8.count + 2)
        let close = closeQuote.unicodeScalars
        let single = close.count == 1 ? close.first : nil
        for scalar in identifier.unicodeScalars {
            out.unicodeScalars.append(scalar)
            if scalar == single { out.unicodeScalars.append(scalar) }
        }
        out.append(closeQuote)
        return out
    }

    /// A comma-separated list of quoted identifiers.
    package func list(_ names: [String]) -> String {
        names.map(quoted).joined(separator: ", ")
    }

    /// A constant of Ferry's own (never a value from the data) as a string literal: `'` doubled,
    /// and for MySQL `\` doubled too (its default escape character).
    package func literal(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            if scalar == "'" { out += "''" } else if scalar == "\\", family == .mysql { out += "\\\\" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "'"
    }

    /// Whether `identifier` fits the system's identifier limit (always, when it has none).
    package func fits(_ identifier: String) -> Bool {
        switch identifierLimit {
        case nil: true
        case let .bytes(limit)?: identifier.utf8.count <= limit
        case let .characters(limit)?: identifier.count <= limit
        }
    }

    /// `CREATE TABLE name (c type [NOT NULL], …[, PRIMARY KEY (k, …)])`, `name` already quoted.
    /// Key columns are NOT NULL, as in a primary key everywhere.
    package func createTable(_ name: String, schema: Schema, primaryKey: [String]) -> String {
        var parts: [String] = []
        for column in schema.columns {
            var part = quoted(column.name) + " " + typeName(for: column.type) + columnAttributes(for: column.type)
            if !column.nullable || primaryKey.contains(column.name) { part += " NOT NULL" }
            parts.append(part)
        }
        if !primaryKey.isEmpty { parts.append("PRIMARY KEY (" + list(primaryKey) + ")") }
        return "CREATE TABLE " + name + " (" + parts.joined(separator: ", ") + ")" + createTableSuffix
    }

    /// The clause after `INSERT … VALUES (…)` that turns it into an upsert on `key`, or nil when
    /// the dialect's upsert is not such a clause (`merge`, `none`). When every column is a key
    /// column there is nothing to update: PostgreSQL and SQLite do nothing, MySQL sets the first
    /// key column to itself.
    package func conflictClause(columns: [String], key: [String]) -> String? {
        let updated = columns.filter { !key.contains($0) }
        switch upsert {
        case .onConflict:
            return " ON CONFLICT (" + list(key) + ") DO "
                + (updated.isEmpty ? "NOTHING" : "UPDATE SET " + updated.map { quoted($0) + " = excluded." + quoted($0) }.joined(separator: ", "))
        case .onDuplicateKey:
            let set = updated.isEmpty ? key.prefix(1).map { quoted($0) + " = " + quoted($0) } : updated.map { quoted($0) + " = VALUES(" + quoted($0) + ")" }
            return " ON DUPLICATE KEY UPDATE " + set.joined(separator: ", ")
        case .merge, .none:
            return nil
        }
    }

    /// `name` cut to at most `bytes` UTF-8 bytes on a character boundary.
    package static func truncated(_ name: String, bytes: Int) -> String {
        guard name.utf8.count > bytes else { return name }
        var out = ""
        var used = 0
        for character in name {
            let size = character.utf8.count
            if used + size > bytes { break }
            out.append(character)
            used += size
        }
        return out
    }

    /// `<table>__ferry_<run tag>`, a table of the load's own beside `table`: the table part cut
    /// so the whole fits `bytes` UTF-8 bytes (nil: no limit).
    package static func stagingName(for table: String, runTag: String, bytes limit: Int?) -> String {
        let suffix = "__ferry_" + runTag
        guard let limit else { return table + suffix }
        return truncated(table, bytes: limit - suffix.utf8.count) + suffix
    }
}
