import CODBC
import FerryCore

extension ODBCStatement {
    /// `text` as a catalog search pattern: `_` and `%` (and the escape itself) escaped with the
    /// driver's `SQL_SEARCH_PATTERN_ESCAPE`, so a name matches only itself (callers still
    /// compare names exactly, for drivers without an escape).
    private func pattern(_ text: String) -> String {
        let escape = connection.facts.searchEscape
        guard !escape.isEmpty else { return text }
        var out = ""
        for character in text {
            if character == "_" || character == "%" || String(character) == escape { out += escape }
            out.append(character)
        }
        return out
    }

    /// Whether a catalog row's `TABLE_CAT` is the connection's database, where the connection is
    /// scoped to one (MySQL): rows of another database's table of the same name are never
    /// taken for the target, whatever the driver's filter let through.
    private func inScope(_ catalog: String?) -> Bool {
        guard let scope = connection.catalogScope, let catalog, !catalog.isEmpty else { return true }
        return catalog == scope
    }

    /// Runs a catalog function with optional text arguments (nil: any), cancellable.
    private func catalog(
        _ arguments: [String?], _ context: @autoclosure () -> ODBCContext,
        _ call: (SQLHSTMT, [UnsafeMutablePointer<SQLCHAR>?], [SQLSMALLINT]) -> SQLRETURN
    ) throws(FerryError) {
        let copies = arguments.map { $0.map { Array($0.utf8) + [0] } }
        let pointers = copies.map { copy -> UnsafeMutablePointer<SQLCHAR>? in
            guard let copy else { return nil }
            let pointer = UnsafeMutablePointer<SQLCHAR>.allocate(capacity: copy.count)
            pointer.initialize(from: copy, count: copy.count)
            return pointer
        }
        defer { for pointer in pointers { pointer?.deallocate() } }
        let lengths = copies.map { SQLSMALLINT(clamping: ($0?.count ?? 1) - 1) }
        let handle = handle
        let rc = connection.canceller.running(handle) { call(handle, pointers, lengths) }
        try check(rc, context())
    }

    /// The tables, views and other objects named `table` in `schema` (nil: any schema), as
    /// (schema, name, type) from `SQLTables`, compared exactly.
    func tables(schema: String?, table: String, _ context: @autoclosure () -> ODBCContext) throws(FerryError) -> [(schema: String?, name: String, type: String)] {
        try catalog([schema.map(pattern), pattern(table), connection.catalogScope], context()) { h, p, l in
            library.SQLTables(h, p[2], p[2] == nil ? 0 : l[2], p[0], p[0] == nil ? 0 : l[0], p[1], l[1], nil, 0)
        }
        return try textRows(context()).compactMap { row in
            guard row.count >= 4, let name = row[2], name == table, inScope(row[0]) else { return nil }
            if let schema, (row[1] ?? "") != schema { return nil }
            return (row[1], name, row[3] ?? "")
        }
    }

    /// The columns of `table` in `schema` (`SQLColumns`), in ordinal order.
    func columns(schema: String?, table: String, _ context: @autoclosure () -> ODBCContext) throws(FerryError) -> [ODBCResultColumn] {
        try catalog([schema.map(pattern), pattern(table), connection.catalogScope], context()) { h, p, l in
            library.SQLColumns(h, p[2], p[2] == nil ? 0 : l[2], p[0], p[0] == nil ? 0 : l[0], p[1], l[1], nil, 0)
        }
        var out: [(Int, ODBCResultColumn)] = []
        for row in try textRows(context()) where row.count >= 17 {
            guard let name = row[3], row[2] == table, inScope(row[0]) else { continue }
            if let schema, (row[1] ?? "") != schema { continue }
            let column = ODBCResultColumn(
                name: name, sqlType: Int16(row[4].flatMap { Int($0) } ?? Int(ODBCSQLType.varchar)),
                typeName: row[5] ?? "", size: row[6].flatMap { Int($0) } ?? 0, digits: row[8].flatMap { Int($0) } ?? 0,
                nullable: row[10].flatMap { Int($0) }.map { $0 != Int(SQL_NO_NULLS) },
                hasDefault: !(row[12] ?? "").isEmpty)
            out.append((row[16].flatMap { Int($0) } ?? out.count + 1, column))
        }
        return out.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The column lists of `table`'s primary key and unique indexes (`SQLPrimaryKeys`,
    /// `SQLStatistics` with `SQL_INDEX_UNIQUE`). Drivers that support neither give an empty list.
    func uniqueKeys(schema: String?, table: String, _ context: @autoclosure () -> ODBCContext) throws(FerryError) -> [[String]] {
        var keys: [[String]] = []
        // Catalog functions take plain names here, not patterns ("SQLPrimaryKeys … does not
        // support patterns"); SQLStatistics likewise.
        try catalog([schema, table, connection.catalogScope], context()) { h, p, l in
            library.SQLPrimaryKeys(h, p[2], p[2] == nil ? 0 : l[2], p[0], p[0] == nil ? 0 : l[0], p[1], l[1])
        }
        let primary = try textRows(context()).filter { $0.count >= 5 && $0[2] == table && inScope($0[0]) }
            .sorted { Int($0[4] ?? "") ?? 0 < Int($1[4] ?? "") ?? 0 }.compactMap { $0[3] }
        if !primary.isEmpty { keys.append(primary) }
        try catalog([schema, table, connection.catalogScope], context()) { h, p, l in
            library.SQLStatistics(h, p[2], p[2] == nil ? 0 : l[2], p[0], p[0] == nil ? 0 : l[0], p[1], l[1], SQLUSMALLINT(SQL_INDEX_UNIQUE), SQLUSMALLINT(SQL_QUICK))
        }
        var indexes: [String: [(Int, String)]] = [:]
        for row in try textRows(context()) where row.count >= 9 {
            // TYPE (column 7) SQL_TABLE_STAT rows describe the table, not an index.
            guard row[2] == table, inScope(row[0]), row[3] == "0", let index = row[5], let column = row[8], Int(row[6] ?? "") != Int(SQL_TABLE_STAT) else { continue }
            indexes[index, default: []].append((Int(row[7] ?? "") ?? 0, column))
        }
        for (_, columns) in indexes.sorted(by: { $0.key < $1.key }) {
            keys.append(columns.sorted { $0.0 < $1.0 }.map(\.1))
        }
        return keys
    }
}
