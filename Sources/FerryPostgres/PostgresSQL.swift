import FerryCore

/// Identifier quoting and the SQL text the sink builds. Every identifier is double-quoted (`"`
/// doubled), so names with spaces, quotes, upper case, keywords or any Unicode are taken
/// verbatim; values never appear in SQL text (they go through COPY or parameters).
enum PostgresSQL {
    /// The shared PostgreSQL dialect: quoting, type names, limits.
    static let dialect = SQLDialect.postgres

    /// PostgreSQL keeps at most this many bytes of an identifier (NAMEDATALEN - 1).
    static let maxIdentifierBytes = SQLDialect.postgresMaxIdentifierBytes

    /// `name` as a quoted identifier: `my "t"` → `"my ""t"""`.
    static func quoted(_ name: String) -> String { dialect.quoted(name) }

    /// A constant of Ferry's own (never a value from the data) as a string literal: `'` doubled,
    /// for `standard_conforming_strings = on`, PostgreSQL's default since 9.1.
    static func literal(_ text: String) -> String { dialect.literal(text) }

    /// A comma-separated list of quoted identifiers.
    static func list(_ names: [String]) -> String { dialect.list(names) }

    /// `CREATE TABLE name ("a" bigint NOT NULL, …[, PRIMARY KEY ("k", …)])`.
    static func createTable(_ name: PostgresTableName, schema: Schema, primaryKey: [String]) -> String {
        dialect.createTable(name.sql, schema: schema, primaryKey: primaryKey)
    }

    /// `COPY name ("a", "b") FROM STDIN` in the binary or text format, with `FREEZE` when
    /// `freeze` (the rows are written frozen: only for a table created or truncated in the
    /// COPY's transaction).
    static func copy(into name: String, columns: [String], format: CopyFormat, freeze: Bool = false) -> String {
        var options: [String] = []
        if format == .binary { options.append("FORMAT binary") }
        if freeze { options.append("FREEZE") }
        let with = options.isEmpty ? "" : " (" + options.joined(separator: ", ") + ")"
        return "COPY " + name + " (" + list(columns) + ") FROM STDIN" + with
    }

    /// The staging rows with the last row of each key: `SELECT DISTINCT ON (keys) cols FROM s
    /// ORDER BY keys, ordinal DESC`.
    static func lastRowPerKey(columns: [String], key: [String], staging: String, ordinal: String) -> String {
        "SELECT DISTINCT ON (" + list(key) + ") " + list(columns) + " FROM " + staging
            + " ORDER BY " + list(key) + ", " + quoted(ordinal) + " DESC"
    }

    /// `INSERT INTO target (cols) <last row per key> ON CONFLICT (keys) DO UPDATE SET c =
    /// EXCLUDED.c, …` (`DO NOTHING` when every column is a key column).
    static func upsert(into target: String, columns: [String], key: [String], staging: String, ordinal: String) -> String {
        var sql = "INSERT INTO " + target + " (" + list(columns) + ") "
            + lastRowPerKey(columns: columns, key: key, staging: staging, ordinal: ordinal)
            + " ON CONFLICT (" + list(key) + ") DO "
        let updated = columns.filter { !key.contains($0) }
        if updated.isEmpty {
            sql += "NOTHING"
        } else {
            sql += "UPDATE SET " + updated.map { quoted($0) + " = EXCLUDED." + quoted($0) }.joined(separator: ", ")
        }
        return sql
    }

    /// `UPDATE target AS t SET c = s.c, … FROM (<last row per key>) AS s WHERE t.k = s.k AND …`.
    static func update(_ target: String, columns: [String], key: [String], staging: String, ordinal: String) -> String {
        let sets = columns.filter { !key.contains($0) }.map { quoted($0) + " = s." + quoted($0) }
        let matches = key.map { "t." + quoted($0) + " = s." + quoted($0) }
        return "UPDATE " + target + " AS t SET " + sets.joined(separator: ", ")
            + " FROM (" + lastRowPerKey(columns: columns, key: key, staging: staging, ordinal: ordinal) + ") AS s"
            + " WHERE " + matches.joined(separator: " AND ")
    }

    /// Counts staging rows whose key exists in the target: the rows an update matched, each
    /// input row counted (as the SQLite sink counts them).
    static func matchedRows(_ target: String, key: [String], staging: String) -> String {
        let matches = key.map { "t." + quoted($0) + " = s." + quoted($0) }
        return "SELECT count(*) FROM " + staging + " AS s WHERE EXISTS (SELECT 1 FROM " + target + " AS t WHERE "
            + matches.joined(separator: " AND ") + ")"
    }
}

/// A table's name, optionally schema-qualified; `sql` is the quoted form.
struct PostgresTableName: Sendable, Equatable, CustomStringConvertible {
    var schema: String?
    var table: String

    /// `"schema"."table"` or `"table"`.
    var sql: String { (schema.map { PostgresSQL.quoted($0) + "." } ?? "") + PostgresSQL.quoted(table) }

    /// The same as `sql`: names in messages are shown quoted.
    var description: String { sql }
}
