import FerryCore

/// What the database's schema says about a table (`sqlite_master`, `pragma_table_info`,
/// `pragma_index_list`, `pragma_index_info`). Names are matched as SQLite matches identifiers:
/// ASCII letters case-insensitively.
struct SQLiteCatalog {
    /// What a name refers to in the main schema.
    enum ObjectKind: Equatable {
        case table, view
    }

    let connection: SQLiteConnection
    let stage: FerryError.Stage

    /// Whether `name` is a table, a view, or nothing.
    func kind(of name: String) throws(FerryError) -> ObjectKind? {
        let statement = try connection.prepare(
            "SELECT type FROM main.sqlite_master WHERE name = ?1 COLLATE NOCASE AND type IN ('table', 'view')",
            stage: stage, persistent: false, "looking up table \(SQLiteSQL.quoted(name))")
        try statement.bind(1, text: name)
        guard try statement.step(stage: stage, "looking up table \(SQLiteSQL.quoted(name))") else { return nil }
        return text(statement, 0) == "view" ? .view : .table
    }

    /// The table's columns with their Ferry types (from the declared types), NOT NULL flags and
    /// whether they are part of the primary key; generated and hidden columns are left out.
    func columns(of table: String) throws(FerryError) -> [(column: Column, primaryKey: Bool)] {
        let action = "reading the columns of table \(SQLiteSQL.quoted(table))"
        let statement = try connection.prepare(
            "SELECT name, type, \"notnull\", pk, dflt_value IS NOT NULL, (SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0) FROM pragma_table_info(?1)",
            stage: stage, persistent: false, action)
        try statement.bind(1, text: table)
        var out: [(column: Column, primaryKey: Bool)] = []
        while try statement.step(stage: stage, action) {
            var column = Column(
                name: text(statement, 0), type: SQLiteTypeMapping.columnType(declared: text(statement, 1)),
                nullable: statement.int64(2) == 0, origin: .target)
            // A default, or the INTEGER PRIMARY KEY that aliases the rowid, fills itself.
            let rowidAlias = statement.int64(3) > 0 && statement.int64(5) == 1 && text(statement, 1).uppercased() == "INTEGER"
            column.hasDefault = statement.int64(4) != 0 || rowidAlias
            out.append((column, statement.int64(3) > 0))
        }
        return out
    }

    /// Whether the table has a PRIMARY KEY or a UNIQUE index (not partial, on plain columns) on
    /// exactly the columns `key`, in any order: what `INSERT … ON CONFLICT (key)` needs.
    func hasUniqueKey(_ table: String, key: [String]) throws(FerryError) -> Bool {
        let wanted = Set(key.map(Self.folded))
        let primaryKey = try columns(of: table).filter(\.primaryKey).map { Self.folded($0.column.name) }
        if Set(primaryKey) == wanted, primaryKey.count == wanted.count { return true }

        let action = "reading the indexes of table \(SQLiteSQL.quoted(table))"
        let indexes = try connection.prepare(
            "SELECT name FROM pragma_index_list(?1) WHERE \"unique\" = 1 AND partial = 0",
            stage: stage, persistent: false, action)
        try indexes.bind(1, text: table)
        var names: [String] = []
        while try indexes.step(stage: stage, action) { names.append(text(indexes, 0)) }
        for index in names {
            let columns = try connection.prepare(
                "SELECT name FROM pragma_index_info(?1)", stage: stage, persistent: false, action)
            try columns.bind(1, text: index)
            var covered: [String] = []
            var expression = false
            while try columns.step(stage: stage, action) {
                if columns.kind(0) == .null { expression = true }
                covered.append(Self.folded(text(columns, 0)))
            }
            if !expression, covered.count == wanted.count, Set(covered) == wanted { return true }
        }
        return false
    }

    private func text(_ statement: SQLiteStatement, _ column: Int) -> String {
        String(decoding: statement.text(column), as: UTF8.self)
    }

    /// `name` with ASCII letters lowercased, as SQLite compares identifiers.
    static func folded(_ name: String) -> String {
        String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
