/// Where a load reads from: an endpoint of any registered kind (`EndpointKinds.all`).
public struct SourceEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The kind's own configuration (`FileEndpoint`, `SQLiteEndpoint`, …).
    public let configuration: any EndpointConfiguration

    public init(_ configuration: any EndpointConfiguration) {
        self.configuration = configuration
    }

    /// The configuration when it is of kind `type`.
    public func `as`<T: EndpointConfiguration>(_ type: T.Type) -> T? { configuration as? T }

    /// The `kind` of the endpoint.
    public var kind: String { type(of: configuration).kind }

    public static func == (a: SourceEndpoint, b: SourceEndpoint) -> Bool { endpointsEqual(a.configuration, b.configuration) }

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector, kinds: EndpointKinds) -> SourceEndpoint? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        // Unknown fields are only reported once the kind is known: they depend on it.
        guard let kind = kinds.read(&r, issues: issues) else { return nil }
        let endpoint = kind.read(&r, issues: issues, role: .source).map(SourceEndpoint.init)
        r.finish()
        return endpoint
    }

    /// The source as contract JSON, secrets redacted.
    public var json: JSONValue { .object(configuration.jsonMembers) }

    /// The source as it may be shown and recorded in the ledger: a path, or a redacted
    /// connection with the table or `(query)`.
    public var displayURI: String { configuration.displayURI }

    /// A short name for people: `orders.csv`, `ferry.db:orders`.
    public var description: String { configuration.shortName }
}

/// Where a load writes to: an endpoint of any registered kind. With none given, data lands in
/// the embedded default: SQLite `./ferry.db`.
public struct TargetEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The kind's own configuration (`SQLiteEndpoint`, `PostgresEndpoint`, …).
    public let configuration: any EndpointConfiguration

    public init(_ configuration: any EndpointConfiguration) {
        self.configuration = configuration
    }

    /// The configuration when it is of kind `type`.
    public func `as`<T: EndpointConfiguration>(_ type: T.Type) -> T? { configuration as? T }

    /// The `kind` of the endpoint.
    public var kind: String { type(of: configuration).kind }

    /// The modes this target takes, as its kind declares them.
    public var modes: [LoadMode] { type(of: configuration).targetModes }

    /// Whether a run into this target is an export (the target is a file).
    public var isExport: Bool { type(of: configuration).writesFiles }

    public static func == (a: TargetEndpoint, b: TargetEndpoint) -> Bool { endpointsEqual(a.configuration, b.configuration) }

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector, kinds: EndpointKinds) -> TargetEndpoint? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        guard let kind = kinds.read(&r, issues: issues) else { return nil }
        let endpoint = kind.read(&r, issues: issues, role: .target).map(TargetEndpoint.init)
        r.finish()
        return endpoint
    }

    /// The target as contract JSON, secrets redacted.
    public var json: JSONValue { .object(configuration.jsonMembers) }

    /// The table (or file) a result and its events name as the target object.
    public var objectName: String { configuration.objectName }

    /// A short name for people: `ferry.db:orders`, `orders.csv`.
    public var description: String { configuration.shortName }
}
