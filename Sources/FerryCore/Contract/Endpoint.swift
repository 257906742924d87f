/// Where a load reads from. Closed: every kind is listed here and in the contract schema.
public enum SourceEndpoint: Sendable, Equatable {
    case file(FileEndpoint)
    case sqlite(SQLiteEndpoint)
    case postgres(PostgresEndpoint)
    case odbc(ODBCEndpoint)

    static let kinds = ["file", "sqlite", "postgres", "odbc"]

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> SourceEndpoint? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        // Unknown fields are only reported once the kind is known: they depend on it.
        let endpoint: SourceEndpoint?
        switch EndpointKind.read(&r, kinds: kinds, issues: issues) {
        case "file": endpoint = FileEndpoint.read(&r, issues: issues, isTarget: false).map(SourceEndpoint.file)
        case "sqlite": endpoint = SQLiteEndpoint.read(&r, issues: issues, isTarget: false).map(SourceEndpoint.sqlite)
        case "postgres": endpoint = PostgresEndpoint.read(&r, issues: issues, isTarget: false).map(SourceEndpoint.postgres)
        case "odbc": endpoint = ODBCEndpoint.read(&r, issues: issues, isTarget: false).map(SourceEndpoint.odbc)
        default: return nil
        }
        r.finish()
        return endpoint
    }

    public var json: JSONValue {
        switch self {
        case let .file(f): .object(f.jsonMembers)
        case let .sqlite(s): .object(s.jsonMembers)
        case let .postgres(p): .object(p.jsonMembers)
        case let .odbc(o): .object(o.jsonMembers)
        }
    }

    /// The source as it may be shown and recorded in the ledger: a path, or a redacted
    /// connection with the table or `(query)`.
    public var displayURI: String {
        switch self {
        case let .file(f): return f.path
        case let .sqlite(s): return "sqlite:\(s.path)#\(s.table ?? "(query)")"
        case let .postgres(p):
            let table = [p.schema, p.table].compactMap { $0 }.joined(separator: ".")
            return "\(p.redactedConnection ?? "postgres:")#\(table.isEmpty ? "(query)" : table)"
        case let .odbc(o):
            let table = [o.schema, o.table].compactMap { $0 }.joined(separator: ".")
            return "odbc:\(o.redactedConnection)#\(table.isEmpty ? "(query)" : table)"
        }
    }
}

/// Where a load writes to. With none given, data lands in the embedded default: SQLite `./ferry.db`.
public enum TargetEndpoint: Sendable, Equatable {
    case sqlite(SQLiteEndpoint)
    case postgres(PostgresEndpoint)
    case odbc(ODBCEndpoint)
    case file(FileEndpoint)

    static let kinds = ["sqlite", "postgres", "odbc", "file"]

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> TargetEndpoint? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        let endpoint: TargetEndpoint?
        switch EndpointKind.read(&r, kinds: kinds, issues: issues) {
        case "file": endpoint = FileEndpoint.read(&r, issues: issues, isTarget: true).map(TargetEndpoint.file)
        case "sqlite": endpoint = SQLiteEndpoint.read(&r, issues: issues, isTarget: true).map(TargetEndpoint.sqlite)
        case "postgres": endpoint = PostgresEndpoint.read(&r, issues: issues, isTarget: true).map(TargetEndpoint.postgres)
        case "odbc": endpoint = ODBCEndpoint.read(&r, issues: issues, isTarget: true).map(TargetEndpoint.odbc)
        default: return nil
        }
        r.finish()
        return endpoint
    }

    public var json: JSONValue {
        switch self {
        case let .file(f): .object(f.jsonMembers)
        case let .sqlite(s): .object(s.jsonMembers)
        case let .postgres(p): .object(p.jsonMembers)
        case let .odbc(o): .object(o.jsonMembers)
        }
    }

    /// The table (or file) a result and its events name as the target object.
    public var objectName: String {
        switch self {
        case let .sqlite(s): s.table ?? ""
        case let .postgres(p): [p.schema, p.table].compactMap { $0 }.joined(separator: ".")
        case let .odbc(o): [o.schema, o.table].compactMap { $0 }.joined(separator: ".")
        case let .file(f): f.path
        }
    }
}

/// Reads the `kind` discriminator of an endpoint object.
enum EndpointKind {
    static func read(_ r: inout ObjectReader, kinds: [String], issues: IssueCollector) -> String? {
        guard let kind = r.string("kind", required: true) else { return nil }
        guard kinds.contains(kind) else {
            let hint = Suggestion.closest(to: kind, among: kinds).map { "; did you mean \"\($0)\"?" } ?? ""
            issues.report(r.path.appending("kind"), "\"\(kind)\" is not one of \(kinds.joined(separator: ", "))\(hint)")
            return nil
        }
        return kind
    }
}
