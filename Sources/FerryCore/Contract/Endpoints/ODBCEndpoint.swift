/// A database reached through an ODBC driver (unixODBC): a table to load, or a table or query
/// to read.
///
/// `connection` is a data source name (`warehouse`, configured in `odbc.ini`) or a full
/// connection string (`Driver={PostgreSQL Unicode};Server=db;Database=shop;UID=u;PWD=p`). It may
/// carry a password, so it is a `Secret`: shown with every secret attribute (`PWD`, `Password`,
/// tokens and keys) replaced by `***`.
package struct ODBCEndpoint: TableEndpoint {
    package var connection: Secret
    /// The schema (catalog schema) of the table; nil: the driver's default.
    package var schema: String?
    package var table: String?
    /// A query, for sources only.
    package var query: String?
    /// Targets only: create `schema` when it does not exist (see Docs/connectors/odbc.md);
    /// false: a missing schema fails the load.
    package var createSchema: Bool

    package init(connection: Secret, schema: String? = nil, table: String? = nil, query: String? = nil, createSchema: Bool = false) {
        (self.connection, self.schema, self.table, self.query) = (connection, schema, table, query)
        self.createSchema = createSchema
    }

    package static let kind = "odbc"
    package static let targetModes = LoadMode.allCases

    package static func members(as role: EndpointRole) -> [String] {
        role == .source ? ["connection", "schema", "table", "query"] : ["connection", "schema", "table", "create_schema"]
    }

    package static func read(_ r: inout ObjectReader, issues: IssueCollector, role: EndpointRole) -> ODBCEndpoint? {
        let connection = r.string("connection", required: true).map(Secret.init)
        let schema = r.string("schema")
        let table = r.string("table")
        let query = role == .target ? nil : r.string("query")
        let createSchema = role == .target ? r.bool("create_schema") ?? false : false
        if createSchema, schema == nil {
            issues.report(r.path.appending("create_schema"), "needs $.target.schema: the schema to create when it does not exist")
        }
        if role == .source {
            TableOrQuery.check(table: table, query: query, of: "an ODBC source", at: r.path, issues: issues)
        }
        guard let connection else { return nil }
        return ODBCEndpoint(connection: connection, schema: schema, table: table, query: query, createSchema: createSchema)
    }

    /// `odbc:DSN` or `odbc:CONNECTION-STRING` (`odbc:Driver={PostgreSQL Unicode};Server=db`).
    package static func address(_ text: String, role: EndpointRole) -> [(key: String, value: JSONValue)]? {
        guard text.hasPrefix("odbc:"), text.count > "odbc:".count else { return nil }
        return [("connection", .string(String(text.dropFirst("odbc:".count))))]
    }

    package static let addressSyntax = "odbc:DSN or odbc:CONNECTION-STRING"

    /// The connection as it may be shown: secret attribute values replaced by `***`.
    package var redactedConnection: String { ODBCConnectionString.redacted(connection.reveal()) }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        var m: [(key: String, value: JSONValue)] = [("kind", .string(Self.kind)), ("connection", .string(redactedConnection))]
        if let schema { m.append(("schema", .string(schema))) }
        if let table { m.append(("table", .string(table))) }
        if let query { m.append(("query", .string(query))) }
        if createSchema { m.append(("create_schema", .bool(true))) }
        return m
    }

    /// `schema.table`, or just the table when no schema is given.
    private var qualifiedTable: String { [schema, table].compactMap { $0 }.joined(separator: ".") }

    package var displayURI: String { "odbc:\(redactedConnection)#\(qualifiedTable.isEmpty ? "(query)" : qualifiedTable)" }

    package var shortName: String {
        "odbc:\(redactedConnection):\(qualifiedTable.isEmpty ? (query != nil ? "(query)" : "") : qualifiedTable)"
    }

    package var objectName: String { qualifiedTable }

}

extension Endpoint {
    /// A odbc endpoint.
    package static func odbc(_ endpoint: ODBCEndpoint) -> Endpoint { Endpoint(endpoint) }
}
