import FerryCore

/// What the driver's catalog functions say about a table (`SQLTables`, `SQLColumns`,
/// `SQLPrimaryKeys`, `SQLStatistics`). Names are compared exactly as given.
struct ODBCCatalog {
    /// A catalog object a name resolves to.
    struct Entry: Equatable {
        /// The schema the catalog reports (nil for systems without schemas).
        var schema: String?
        var table: String
        /// `TABLE_TYPE`: `TABLE`, `VIEW`, `SYSTEM TABLE`, …
        var type: String

        /// Whether rows can be loaded into it: a plain table.
        var isTable: Bool {
            let upper = type.uppercased()
            return upper == "TABLE" || upper == "BASE TABLE"
        }
    }

    let connection: ODBCConnection
    let stage: FerryError.Stage

    private func context(_ action: String) -> ODBCContext { connection.context(stage, action) }

    /// The schema unqualified names resolve to (the dialect's `currentSchemaQuery`), or nil when
    /// the system has no schemas or no way to ask.
    func currentSchema() throws(FerryError) -> String? {
        let dialect = connection.dialect
        guard dialect.hasSchemas, let query = dialect.currentSchemaQuery else { return nil }
        let rows = try connection.query(query, context("reading the current schema"))
        return rows.first?.first ?? nil
    }

    /// The object `name` names, or nil when there is none. Without a schema, a name found in
    /// more than one schema is an error: the request must say which.
    func find(_ name: ODBCTableName) throws(FerryError) -> Entry? {
        let statement = try connection.statement(context("looking up table \(name)"))
        let found = try statement.tables(schema: name.schema, table: name.table, context("looking up table \(name)"))
        guard let first = found.first else { return nil }
        if name.schema == nil, Set(found.map { $0.schema ?? "" }).count > 1 {
            let schemas = found.compactMap(\.schema).map(connection.dialect.quoted).joined(separator: ", ")
            throw FerryError(
                .invalidRequest, stage: .validate,
                "$.target.schema: table \(name) exists in more than one schema (\(schemas)); name the schema")
        }
        return Entry(schema: first.schema, table: first.name, type: first.type)
    }

    /// The name of `entry` as SQL refers to it (schema-qualified when it has a schema).
    func name(of entry: Entry) -> ODBCTableName {
        ODBCTableName(schema: entry.schema.flatMap { $0.isEmpty ? nil : $0 }, table: entry.table, dialect: connection.dialect)
    }

    /// The table's columns in order. Where the catalog's type names cannot tell a Ferry type
    /// (MySQL's `TINYINT(1)` booleans, `DATETIME` timestamptz columns), the dialect's query finds
    /// those columns, and their type names become `tinyint(1)` or `timestamptz`, which
    /// `ODBCDialect.columnType` reads as boolean and timestamptz.
    func columns(of entry: Entry) throws(FerryError) -> [ODBCResultColumn] {
        let action = "reading the columns of table \(name(of: entry))"
        let statement = try connection.statement(context(action))
        var columns = try statement.columns(schema: entry.schema, table: entry.table, context(action))
        if let query = connection.dialect.sql.typeHintsQuery(table: entry.table) {
            var hints: [String: String] = [:]
            for row in try connection.query(query, context(action)) where row.count == 2 {
                if let name = row[0], let hint = row[1] { hints[name] = hint }
            }
            for index in columns.indices {
                switch hints[columns[index].name] {
                case "boolean": columns[index].typeName = "tinyint(1)"
                case "timestamptz": columns[index].typeName = "timestamptz"
                default: break
                }
            }
        }
        return columns
    }

    /// Whether the table has a primary key or unique index on exactly `key` (in any order).
    func hasUniqueKey(_ entry: Entry, key: [String]) throws(FerryError) -> Bool {
        let action = "reading the unique keys of table \(name(of: entry))"
        let statement = try connection.statement(context(action))
        let wanted = Set(key)
        return try statement.uniqueKeys(schema: entry.schema, table: entry.table, context(action)).contains { Set($0) == wanted && $0.count == key.count }
    }
}
