import FerryCore

extension PostgresSource {
    /// The columns of `select`: names and type OIDs from the server's description of the
    /// statement (`PGConnection.describe`), then, in one catalog query, each type's base type
    /// (for domains) and whether the table column behind it is `NOT NULL` (`attnotnull`, used
    /// only when `nullableFromTable`: a query can turn any column into NULLs, by an outer join).
    /// `baseTypes` are the type OIDs behind the columns (a domain's base type).
    static func describe(
        _ select: String, on connection: PGConnection, nullableFromTable: Bool, _ context: PostgresContext
    ) throws(FerryError) -> (columns: [SourceColumn], limits: [ColumnLimit?], baseTypes: [UInt32]) {
        let fields = try connection.describe(select, context)
        guard !fields.isEmpty else { return ([], [], []) }
        let result = try connection.execute(
            """
            SELECT f.i, pg_catalog.format_type(f.o, f.m),
                   CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE f.o END::bigint,
                   CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE f.m END,
                   coalesce(a.attnotnull, false)
            FROM unnest($1::oid[], $2::int4[], $3::oid[], $4::int2[]) WITH ORDINALITY AS f(o, m, rel, num, i)
            LEFT JOIN pg_catalog.pg_type t ON t.oid = f.o
            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = f.rel AND a.attnum = f.num AND f.num > 0
            ORDER BY f.i
            """,
            parameters: [
                array(fields.map { String($0.type) }), array(fields.map { String($0.modifier) }),
                array(fields.map { String($0.table) }), array(fields.map { String($0.tableColumn) }),
            ],
            context)
        var columns: [SourceColumn] = []
        var limits: [ColumnLimit?] = []
        var baseTypes: [UInt32] = []
        for (row, field) in fields.enumerated() {
            let type = PostgresColumnType(
                oid: field.type, typmod: field.modifier,
                base: UInt32(truncatingIfNeeded: result.int(row, 2) ?? Int(field.type)),
                baseTypmod: Int32(truncatingIfNeeded: result.int(row, 3) ?? Int(field.modifier)),
                name: result.text(row, 1) ?? "")
            let (ferryType, limit) = PostgresTypeMapping.column(type)
            let notNull = nullableFromTable && row < result.rowCount && result.bool(row, 4)
            columns.append(SourceColumn(name: field.name, type: ferryType, nullable: !notNull))
            limits.append(limit)
            baseTypes.append(type.base)
        }
        return (columns, limits, baseTypes)
    }

    /// A PostgreSQL array literal of plain numbers: `{1,2,3}`.
    private static func array(_ items: [String]) -> String {
        "{" + items.joined(separator: ",") + "}"
    }
}
