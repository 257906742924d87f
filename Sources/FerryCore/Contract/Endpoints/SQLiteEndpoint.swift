/// A SQLite database file: a table to load, or a table or query to read.
package struct SQLiteEndpoint: TableEndpoint {
    /// The database file; created when a load targets a file that does not exist.
    package var path: String
    package var table: String?
    /// A read-only query, for sources only.
    package var query: String?

    /// Where data lands when a request names no target: the embedded default.
    package static let defaultPath = "ferry.db"

    package init(path: String = SQLiteEndpoint.defaultPath, table: String? = nil, query: String? = nil) {
        self.path = path
        self.table = table
        self.query = query
    }

    package static let kind = "sqlite"
    package static let targetModes = LoadMode.allCases

    package static func members(as role: EndpointRole) -> [String] {
        role == .source ? ["path", "table", "query"] : ["path", "table"]
    }

    package static func read(_ r: inout ObjectReader, issues: IssueCollector, role: EndpointRole) -> SQLiteEndpoint? {
        let path = r.path("path") ?? defaultPath
        let table = r.string("table")
        let query = role == .target ? nil : r.string("query")
        if role == .source {
            TableOrQuery.check(table: table, query: query, of: "a SQLite source", at: r.path, issues: issues)
        }
        return SQLiteEndpoint(path: path, table: table, query: query)
    }

    /// `sqlite:PATH`, `sqlite://PATH`, `sqlite:///ABSOLUTE` (`sqlite:` alone is `ferry.db`), and
    /// as a target also a path (no `scheme:`) named `.db`, `.sqlite` or `.sqlite3`.
    package static func address(_ text: String, role: EndpointRole) -> [(key: String, value: JSONValue)]? {
        if text.hasPrefix("sqlite:") {
            var rest = Substring(text.dropFirst("sqlite:".count))
            if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
            return [("path", .string(rest.isEmpty ? defaultPath : String(rest)))]
        }
        let lower = text.lowercased()
        if role == .target, !EndpointKinds.hasScheme(text), [".db", ".sqlite", ".sqlite3"].contains(where: { lower.hasSuffix($0) }) {
            return [("path", .string(text))]
        }
        return nil
    }

    package static let addressSyntax = "sqlite:PATH (or a .db file)"

    package var jsonMembers: [(key: String, value: JSONValue)] {
        var m: [(key: String, value: JSONValue)] = [("kind", .string(Self.kind)), ("path", .string(path))]
        if let table { m.append(("table", .string(table))) }
        if let query { m.append(("query", .string(query))) }
        return m
    }

    package var displayURI: String { "sqlite:\(path)#\(table ?? "(query)")" }
    package var shortName: String { "\(path):\(table ?? (query != nil ? "(query)" : ""))" }
    package var localFile: String? { path }
    package var objectName: String { table ?? "" }

}

extension Endpoint {
    /// A sqlite endpoint.
    package static func sqlite(_ endpoint: SQLiteEndpoint) -> Endpoint { Endpoint(endpoint) }
}
