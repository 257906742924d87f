/// A PostgreSQL database: a table to load, or a table or query to read.
///
/// `connection` is a URI (`postgresql://user@host:5432/db?sslmode=require`) or a libpq conninfo
/// string (`host=db dbname=shop`), resolved exactly as libpq does: missing parts come from the PG*
/// environment variables, `~/.pgpass` and service files (`service=name`). It may carry a password,
/// so it is a `Secret`: events, logs and errors show it with the password replaced by `***`.
public struct PostgresEndpoint: Sendable, Equatable {
    /// Nil: libpq's defaults (PGHOST, PGDATABASE, PGSERVICE, …).
    public var connection: Secret?
    /// The schema; nil means the first schema of the connection's search_path (usually public).
    public var schema: String?
    public var table: String?
    /// A query, for sources only.
    public var query: String?
    /// Targets only: the schema of the `ferry_loads` ledger table; nil: the target table's schema.
    public var ledgerSchema: String?
    /// Targets only: COPY streams (connections) for `create` and `replace`, 1–16; nil: chosen
    /// from the input's size and the machine (Docs/connectors/postgres.md, "Parallel COPY").
    public var copyStreams: Int?

    public static let maxCopyStreams = 16

    public init(
        connection: Secret? = nil, schema: String? = nil, table: String? = nil, query: String? = nil,
        ledgerSchema: String? = nil, copyStreams: Int? = nil
    ) {
        self.connection = connection
        self.schema = schema
        self.table = table
        self.query = query
        self.ledgerSchema = ledgerSchema
        self.copyStreams = copyStreams
    }

    static func read(_ r: inout ObjectReader, issues: IssueCollector, isTarget: Bool) -> PostgresEndpoint? {
        let connection = r.string("connection").map(Secret.init)
        let schema = r.string("schema")
        let table = r.string("table")
        let query = isTarget ? nil : r.string("query")
        let ledgerSchema = isTarget ? r.string("ledger_schema") : nil
        let copyStreams = isTarget ? r.integer("copy_streams", in: 1...maxCopyStreams) : nil
        if !isTarget {
            switch (table, query) {
            case (nil, nil): issues.report(r.path.appending("table"), "a PostgreSQL source needs a table or a query")
            case (.some, .some): issues.report(r.path.appending("query"), "give a table or a query, not both")
            default: break
            }
        }
        return PostgresEndpoint(
            connection: connection, schema: schema, table: table, query: query, ledgerSchema: ledgerSchema, copyStreams: copyStreams)
    }

    /// The connection as it may be shown: the password replaced by `***`.
    public var redactedConnection: String? { connection.map { ConnectionString.redacted($0.reveal()) } }

    var jsonMembers: [(key: String, value: JSONValue)] {
        var m: [(key: String, value: JSONValue)] = [("kind", .string("postgres"))]
        if let redactedConnection { m.append(("connection", .string(redactedConnection))) }
        if let schema { m.append(("schema", .string(schema))) }
        if let table { m.append(("table", .string(table))) }
        if let query { m.append(("query", .string(query))) }
        if let ledgerSchema { m.append(("ledger_schema", .string(ledgerSchema))) }
        if let copyStreams { m.append(("copy_streams", .number(String(copyStreams)))) }
        return m
    }
}
