/// A PostgreSQL database: a table to load, or a table or query to read.
///
/// `connection` is a URI (`postgresql://user@host:5432/db?sslmode=require`) or a libpq conninfo
/// string (`host=db dbname=shop`), resolved exactly as libpq does: missing parts come from the PG*
/// environment variables, `~/.pgpass` and service files (`service=name`). It may carry a password,
/// so it is a `Secret`: events, logs and errors show it with the password replaced by `***`.
package struct PostgresEndpoint: TableEndpoint {
    /// Nil: libpq's defaults (PGHOST, PGDATABASE, PGSERVICE, …).
    package var connection: Secret?
    /// The schema; nil means the first schema of the connection's search_path (usually public).
    package var schema: String?
    package var table: String?
    /// A query, for sources only.
    package var query: String?
    /// Targets only: the schema of the `ferry_loads` ledger table; nil: the target table's schema.
    package var ledgerSchema: String?
    /// Targets only: COPY streams (connections) for `create` and `replace`, 1–16; nil: chosen
    /// from the input's size and the machine (Docs/connectors/postgres.md, "Parallel COPY").
    package var copyStreams: Int?
    /// Targets only: create `schema` when it does not exist, inside the load's transaction
    /// (`CREATE SCHEMA IF NOT EXISTS`); false: a missing schema fails the load.
    package var createSchema: Bool

    package static let maxCopyStreams = 16

    package init(
        connection: Secret? = nil, schema: String? = nil, table: String? = nil, query: String? = nil,
        ledgerSchema: String? = nil, copyStreams: Int? = nil, createSchema: Bool = false
    ) {
        (self.connection, self.schema, self.table, self.query) = (connection, schema, table, query)
        (self.ledgerSchema, self.copyStreams, self.createSchema) = (ledgerSchema, copyStreams, createSchema)
    }

    package static let kind = "postgres"
    package static let targetModes = LoadMode.allCases

    package static func members(as role: EndpointRole) -> [String] {
        role == .source ? ["connection", "schema", "table", "query"]
            : ["connection", "schema", "table", "ledger_schema", "copy_streams", "create_schema"]
    }

    package static func read(_ r: inout ObjectReader, issues: IssueCollector, role: EndpointRole) -> PostgresEndpoint? {
        let isTarget = role == .target
        let connection = r.string("connection").map(Secret.init)
        let schema = r.string("schema")
        let table = r.string("table")
        let query = isTarget ? nil : r.string("query")
        let ledgerSchema = isTarget ? r.string("ledger_schema") : nil
        let copyStreams = isTarget ? r.integer("copy_streams", in: 1...maxCopyStreams) : nil
        let createSchema = isTarget ? r.bool("create_schema") ?? false : false
        if createSchema, schema == nil {
            issues.report(r.path.appending("create_schema"), "needs $.target.schema: the schema to create when it does not exist")
        }
        if !isTarget {
            TableOrQuery.check(table: table, query: query, of: "a PostgreSQL source", at: r.path, issues: issues)
        }
        return PostgresEndpoint(
            connection: connection, schema: schema, table: table, query: query, ledgerSchema: ledgerSchema, copyStreams: copyStreams,
            createSchema: createSchema)
    }

    /// `postgresql://URI`, `postgres://URI`, or `postgres:CONNINFO` (`postgres:` alone: libpq's
    /// defaults, from the PG* variables, `~/.pgpass` and service files).
    package static func address(_ text: String, role: EndpointRole) -> [(key: String, value: JSONValue)]? {
        if text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") { return [("connection", .string(text))] }
        guard text.hasPrefix("postgres:") else { return nil }
        let rest = String(text.dropFirst("postgres:".count))
        return rest.isEmpty ? [] : [("connection", .string(rest))]
    }

    package static let addressSyntax = "postgresql://URI or postgres:CONNINFO"

    /// The connection as it may be shown: the password replaced by `***`.
    package var redactedConnection: String? { connection.map { ConnectionString.redacted($0.reveal()) } }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        var m: [(key: String, value: JSONValue)] = [("kind", .string(Self.kind))]
        if let redactedConnection { m.append(("connection", .string(redactedConnection))) }
        if let schema { m.append(("schema", .string(schema))) }
        if let table { m.append(("table", .string(table))) }
        if let query { m.append(("query", .string(query))) }
        if let ledgerSchema { m.append(("ledger_schema", .string(ledgerSchema))) }
        if let copyStreams { m.append(("copy_streams", .number(String(copyStreams)))) }
        if createSchema { m.append(("create_schema", .bool(true))) }
        return m
    }

    /// `schema.table`, or just the table when no schema is given.
    private var qualifiedTable: String { [schema, table].compactMap { $0 }.joined(separator: ".") }

    package var displayURI: String {
        "\(redactedConnection ?? "postgres:")#\(qualifiedTable.isEmpty ? "(query)" : qualifiedTable)"
    }

    package var shortName: String {
        "\(redactedConnection ?? "postgres:"):\(qualifiedTable.isEmpty ? (query != nil ? "(query)" : "") : qualifiedTable)"
    }

    package var objectName: String { qualifiedTable }

}

extension Endpoint {
    /// A postgres endpoint.
    package static func postgres(_ endpoint: PostgresEndpoint) -> Endpoint { Endpoint(endpoint) }
}
