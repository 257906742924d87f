/// A SQLite database file: a table to load, or a table or query to read.
public struct SQLiteEndpoint: Sendable, Equatable {
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

    static func read(_ r: inout ObjectReader, issues: IssueCollector, isTarget: Bool) -> SQLiteEndpoint? {
        let path = r.string("path") ?? defaultPath
        let table = r.string("table")
        let query = isTarget ? nil : r.string("query")
        if !isTarget {
            switch (table, query) {
            case (nil, nil): issues.report(r.path.appending("table"), "a SQLite source needs a table or a query")
            case (.some, .some): issues.report(r.path.appending("query"), "give a table or a query, not both")
            default: break
            }
        }
        return SQLiteEndpoint(path: path, table: table, query: query)
    }

    var jsonMembers: [(key: String, value: JSONValue)] {
        var m: [(key: String, value: JSONValue)] = [("kind", .string("sqlite")), ("path", .string(path))]
        if let table { m.append(("table", .string(table))) }
        if let query { m.append(("query", .string(query))) }
        return m
    }
}
