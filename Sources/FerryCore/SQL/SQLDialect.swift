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

/// Changing an existing table's columns (`on_schema_change`, Docs/schema-evolution.md).
extension SQLDialect {
    /// The most columns a table may have, where the system documents a fixed limit
    /// (PostgreSQL: 1,600; SQLite: 2,000 by default; MySQL: 4,096).
    package var maxColumns: Int? {
        switch family {
        case .postgres: 1600
        case .sqlite: 2000
        case .mysql: 4096
        case .sqlServer: 1024
        case .oracle: 1000
        case .snowflake, .vertica, .generic: nil
        }
    }

    /// `valueLimits` with the identifier and column-count limits, which the engine checks
    /// before anything is written.
    package var targetLimits: ValueLimits {
        var limits = valueLimits
        limits.identifierLimit = identifierLimit
        limits.maxColumns = maxColumns
        return limits
    }

    /// The statement making `change` to `table` (already quoted), or nil when the system has
    /// none for it (SQLite cannot change a column's declared type).
    package func alterStatement(_ table: String, _ change: SchemaChange) -> String? {
        let prefix = "ALTER TABLE " + table + " "
        switch change.kind {
        case .addColumn:
            guard let c = change.after else { return nil }
            let add = family == .oracle || family == .sqlServer ? "ADD " : "ADD COLUMN "
            return prefix + add + quoted(c.name) + " " + typeName(for: c.type) + columnAttributes(for: c.type)
        case .dropColumn:
            guard let c = change.before else { return nil }
            return prefix + "DROP COLUMN " + quoted(c.name)
        case .widenColumn:
            guard let c = change.after else { return nil }
            let type = typeName(for: c.type) + columnAttributes(for: c.type)
            let null = c.nullable ? " NULL" : " NOT NULL"
            switch family {
            case .postgres: return prefix + "ALTER COLUMN " + quoted(c.name) + " TYPE " + type
            case .mysql: return prefix + "MODIFY COLUMN " + quoted(c.name) + " " + type + null
            case .sqlServer: return prefix + "ALTER COLUMN " + quoted(c.name) + " " + type + null
            case .oracle: return prefix + "MODIFY (" + quoted(c.name) + " " + type + ")"
            case .snowflake, .vertica, .generic: return prefix + "ALTER COLUMN " + quoted(c.name) + " SET DATA TYPE " + type
            case .sqlite: return nil
            }
        }
    }

    /// The statements making `changes` to `table` (quoted as `table`, named in messages as
    /// `name`), in order; throws `unsupported` (exit 3) naming the first change the system
    /// cannot make, or cannot make inside the load's transaction (DDL that commits at once:
    /// only added columns, which a failed load drops again).
    package func alterStatements(_ table: String, name: String, changes: [SchemaChange]) throws(FerryError) -> [String] {
        var out: [String] = []
        for change in changes {
            if !transactionalDDL, change.kind != .addColumn {
                throw FerryError(.unsupported, stage: .validate,
                                 "\(self.name) commits ALTER TABLE at once, so a failed load could not undo the \(change.kind == .dropColumn ? "drop" : "widening") of column \(quoted(change.column)) of \(name); change it yourself, or use on_schema_change append_new_columns with a source whose types fit")
            }
            guard let sql = alterStatement(table, change) else {
                // No ALTER COLUMN (SQLite), but the same Ferry type: only a limit, which such a
                // system does not enforce, is widened, and nothing needs changing.
                if change.kind == .widenColumn, change.before?.type == change.after?.type { continue }
                throw FerryError(.unsupported, stage: .validate,
                                 "\(self.name) cannot change the type of column \(quoted(change.column)) of \(name) (no ALTER COLUMN); recreate the table with mode replace")
            }
            out.append(sql)
        }
        return out
    }
}

extension SQLDialect.IdentifierLimit {
    /// Whether `name` fits.
    package func admits(_ name: String) -> Bool {
        switch self {
        case let .bytes(n): name.utf8.count <= n
        case let .characters(n): name.count <= n
        }
    }

    /// The limit in words: `63 bytes`.
    package var description: String {
        switch self {
        case let .bytes(n): "\(n) bytes"
        case let .characters(n): "\(n) characters"
        }
    }
}
