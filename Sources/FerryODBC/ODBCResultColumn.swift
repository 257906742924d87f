/// A result column as the driver describes it (`SQLDescribeCol`, `SQLColAttribute`), or a table
/// column as the catalog lists it (`SQLColumns`).
struct ODBCResultColumn: Sendable, Equatable {
    var name: String
    /// The SQL data type code (`ODBCSQLType`).
    var sqlType: Int16
    /// The DBMS's own type name (`SQL_DESC_TYPE_NAME`, `TYPE_NAME`), e.g. `timestamptz`.
    var typeName: String
    /// Column size: characters for text, digits for numbers; 0 when unknown.
    var size: Int
    /// Decimal digits (scale) of exact numbers, fraction digits of timestamps.
    var digits: Int
    /// Nil when the driver does not know.
    var nullable: Bool?
    /// The column has a default (`COLUMN_DEF`), so a load may leave it out.
    var hasDefault = false
}
