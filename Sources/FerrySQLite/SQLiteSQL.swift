import FerryCore

/// The SQL text the sink runs. Every identifier is double-quoted (`"` doubled), so names with
/// spaces, quotes, keywords or any Unicode are taken verbatim.
enum SQLiteSQL {
    /// The shared SQLite dialect: quoting, type names, the upsert clause.
    static let dialect = SQLDialect.sqlite

    /// `name` as a quoted identifier: `my "t"` → `"my ""t"""`.
    static func quoted(_ name: String) -> String { dialect.quoted(name) }

    /// `CREATE TABLE "t" ("a" INTEGER NOT NULL, …[, PRIMARY KEY ("k", …)])`. Key columns are
    /// NOT NULL, as in a primary key of other databases.
    static func createTable(_ table: String, schema: Schema, primaryKey: [String]) -> String {
        dialect.createTable(quoted(table), schema: schema, primaryKey: primaryKey)
    }

    /// `INSERT INTO "t" ("a", "b") VALUES (?1, ?2), (?3, ?4) …` for `rows` rows, with
    /// `ON CONFLICT ("k") DO UPDATE SET "a" = excluded."a"` when `conflictKey` is not empty.
    /// Parameter `r * columns + c + 1` is column `c` of row `r`.
    static func insert(_ table: String, columns: [String], rows: Int, conflictKey: [String]) -> String {
        var sql = "INSERT INTO " + quoted(table) + " (" + columns.map(quoted).joined(separator: ", ") + ") VALUES "
        var parameter = 1
        for row in 0..<rows {
            sql += row == 0 ? "(" : ", ("
            for column in 0..<columns.count {
                if column > 0 { sql += ", " }
                sql += "?\(parameter)"
                parameter += 1
            }
            sql += ")"
        }
        if !conflictKey.isEmpty, let clause = dialect.conflictClause(columns: columns, key: conflictKey) { sql += clause }
        return sql
    }

    /// `UPDATE "t" SET "a" = ?1, … WHERE "k" = ?3 AND …`; parameter `c + 1` is column `c`.
    static func update(_ table: String, columns: [String], key: [String]) -> String {
        var sets: [String] = []
        var conditions: [String] = []
        for (index, column) in columns.enumerated() {
            let term = quoted(column) + " = ?\(index + 1)"
            if key.contains(column) { conditions.append(term) } else { sets.append(term) }
        }
        return "UPDATE " + quoted(table) + " SET " + sets.joined(separator: ", ")
            + " WHERE " + conditions.joined(separator: " AND ")
    }
}
