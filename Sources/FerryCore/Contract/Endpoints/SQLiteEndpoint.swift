/// A SQLite database file: a table to load, or a table or query to read.
public struct SQLiteEndpoint: TableEndpoint {
    /// The database file; created when a load targets a file that does not exist.
    public var path: String
    public var table: String?
    /// A read-only query, for sources only.
    public var query: String?

    /// Where data lands when a request names no target: the embedded default.
    public static let defaultPath = "ferry.db"

    public init(path: String = SQLiteEndpoint.defaultPath, table: String? = nil, query: String? = nil) {
        self.path = path
        self.table = table
        self.query = query
    }

    public static let kind = "sqlite"
    public static let targetModes = LoadMode.allCases

    public static func members(as role: EndpointRole) -> [String] {
        role == .source ? ["path", "table", "query"] : ["path", "table"]
    }

    public static func read(_ r: inout ObjectReader, issues: IssueCollector, role: EndpointRole) -> SQLiteEndpoint? {
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
    public static func address(_ text: String, role: EndpointRole) -> [(key: String, value: JSONValue)]? {
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

    public static let addressSyntax = "sqlite:PATH (or a .db file)"

    public var jsonMembers: [(key: String, value: JSONValue)] {
        var m: [(key: String, value: JSONValue)] = [("kind", .string(Self.kind)), ("path", .string(path))]
        if let table { m.append(("table", .string(table))) }
        if let query { m.append(("query", .string(query))) }
        return m
    }

    public var displayURI: String { "sqlite:\(path)#\(table ?? "(query)")" }
    public var shortName: String { "\(path):\(table ?? (query != nil ? "(query)" : ""))" }
    public var localFile: String? { path }
    public var objectName: String { table ?? "" }

}

extension Endpoint {
    /// A sqlite endpoint.
    public static func sqlite(_ endpoint: SQLiteEndpoint) -> Endpoint { Endpoint(endpoint) }
}
