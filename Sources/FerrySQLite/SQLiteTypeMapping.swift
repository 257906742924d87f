import FerryCore

/// Ferry column types as SQLite declared types, and back (see Docs/connectors/sqlite.md): the
/// shared SQLite dialect's mapping, which the SQLite ODBC family uses too.
enum SQLiteTypeMapping {
    /// The declared type a created table uses for `type` (`SQLDialect.sqlite.typeName(for:)`).
    static func declaredType(for type: ColumnType) -> String {
        SQLDialect.sqlite.typeName(for: type)
    }

    /// The Ferry type of a declared SQLite type (`SQLDialect.sqliteColumnType(declared:)`).
    static func columnType(declared raw: String) -> ColumnType {
        SQLDialect.sqliteColumnType(declared: raw)
    }
}
