/// A table's name, optionally schema-qualified, quoted the way its dialect quotes.
struct ODBCTableName: Sendable, Equatable, CustomStringConvertible {
    var schema: String?
    var table: String
    /// `"schema"."table"`, `[schema].[table]` or `"table"`.
    let sql: String

    init(schema: String?, table: String, dialect: ODBCDialect) {
        self.schema = schema
        self.table = table
        sql = (schema.map { dialect.quoted($0) + "." } ?? "") + dialect.quoted(table)
    }

    /// The quoted form: names in messages are shown quoted.
    var description: String { sql }
}
