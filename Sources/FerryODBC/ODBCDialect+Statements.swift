import FerryCore

/// The SQL text the sink builds. Identifiers are always quoted; values never appear in SQL text
/// (they are parameters).
extension ODBCDialect {
    /// `CREATE TABLE name (c type [NOT NULL], …[, PRIMARY KEY (k, …)])` (`SQLDialect.createTable`).
    func createTable(_ name: ODBCTableName, schema: Schema, primaryKey: [String]) -> String {
        sql.createTable(name.sql, schema: schema, primaryKey: primaryKey)
    }

    /// `INSERT INTO t (c, …) VALUES (?, …)[, (?, …) …]` with `rows` rows of markers.
    func insert(into table: ODBCTableName, columns: [String], rows: Int = 1) -> String {
        let row = "(" + Self.markers(columns.count) + ")"
        return "INSERT INTO " + table.sql + " (" + list(columns) + ") VALUES " + Array(repeating: row, count: max(1, rows)).joined(separator: ", ")
    }

    /// The statement that inserts a row or updates the row with its key, one parameter per
    /// column in `schema` order; nil when the dialect has no such statement.
    func upsert(into table: ODBCTableName, schema: Schema, key: [String]) -> String? {
        let columns = schema.names
        let updated = columns.filter { !key.contains($0) }
        switch sql.upsert {
        case .none:
            return nil
        case .onConflict, .onDuplicateKey:
            return insert(into: table, columns: columns) + (sql.conflictClause(columns: columns, key: key) ?? "")
        case .merge:
            let alias = tableAliasAs ? " AS " : " "
            let source = schema.columns.map { "CAST(? AS " + typeName(for: $0.type) + ") AS " + quoted($0.name) }
            var text = "MERGE INTO " + table.sql + alias + "ferry_t USING (SELECT " + source.joined(separator: ", ") + selectFromNothing + ")"
                + alias + "ferry_s ON (" + key.map { "ferry_t." + quoted($0) + " = ferry_s." + quoted($0) }.joined(separator: " AND ") + ")"
            if !updated.isEmpty {
                text += " WHEN MATCHED THEN UPDATE SET " + updated.map { quoted($0) + " = ferry_s." + quoted($0) }.joined(separator: ", ")
            }
            text += " WHEN NOT MATCHED THEN INSERT (" + list(columns) + ") VALUES (" + columns.map { "ferry_s." + quoted($0) }.joined(separator: ", ") + ")"
            // SQL Server requires MERGE to end with a semicolon.
            if family == .sqlServer { text += ";" }
            return text
        }
    }

    /// `UPDATE t SET c = ?, … WHERE k = ? AND …`: the set columns' parameters first, then the
    /// key's.
    func update(_ table: ODBCTableName, columns: [String], key: [String]) -> String {
        "UPDATE " + table.sql + " SET " + columns.filter { !key.contains($0) }.map { quoted($0) + " = ?" }.joined(separator: ", ")
            + " WHERE " + key.map { quoted($0) + " = ?" }.joined(separator: " AND ")
    }

    /// The statements that give table `new` the name `old` (in the same schema) after the old
    /// table was dropped, inside the transaction.
    func rename(_ new: ODBCTableName, to old: String) -> [String] {
        switch family {
        case .sqlServer:
            // sp_rename takes the object as a string and the new name unquoted.
            return ["EXEC sp_rename N'" + new.sql.replacing("'", with: "''") + "', N'" + old.replacing("'", with: "''") + "'"]
        case .sqlite:
            // Without legacy_alter_table SQLite (3.26+) re-checks every view while renaming and
            // fails on views of the just-dropped table, though they are valid again afterwards.
            return ["PRAGMA legacy_alter_table = ON", "ALTER TABLE " + new.sql + " RENAME TO " + quoted(old), "PRAGMA legacy_alter_table = OFF"]
        default:
            return ["ALTER TABLE " + new.sql + " RENAME TO " + quoted(old)]
        }
    }

    /// `?, ?, …`.
    static func markers(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
