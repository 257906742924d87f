import FerryCore

/// Short human names of endpoints for logs and summaries: `orders.csv`, `ferry.db:orders`,
/// `postgresql://me@db/shop:raw.orders`, `odbc:DSN=w:(query)`. The one place that knows how
/// each kind of endpoint is named to a person; connections appear redacted.
enum Describe {
    /// The short name of a source.
    static func source(_ e: SourceEndpoint) -> String {
        switch e {
        case let .file(f): file(f)
        case let .sqlite(s): sqlite(s)
        case let .postgres(p): postgres(p)
        case let .odbc(o): odbc(o)
        }
    }

    /// The short name of a target.
    static func target(_ e: TargetEndpoint) -> String {
        switch e {
        case let .file(f): file(f)
        case let .sqlite(s): sqlite(s)
        case let .postgres(p): postgres(p)
        case let .odbc(o): odbc(o)
        }
    }

    private static func file(_ f: FileEndpoint) -> String { f.path }

    private static func sqlite(_ s: SQLiteEndpoint) -> String {
        "\(s.path):\(s.table ?? (s.query != nil ? "(query)" : ""))"
    }

    private static func postgres(_ p: PostgresEndpoint) -> String {
        "\(p.redactedConnection ?? "postgres:"):\(object(schema: p.schema, table: p.table, query: p.query))"
    }

    private static func odbc(_ o: ODBCEndpoint) -> String {
        "odbc:\(o.redactedConnection):\(object(schema: o.schema, table: o.table, query: o.query))"
    }

    /// `schema.table`, `table`, `(query)`, or nothing.
    private static func object(schema: String?, table: String?, query: String?) -> String {
        let name = [schema, table].compactMap { $0 }.joined(separator: ".")
        return name.isEmpty ? (query != nil ? "(query)" : "") : name
    }
}
