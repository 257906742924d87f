/// Which side of a load an `Endpoint` is on, as a type: `SourceEndpoint` and `TargetEndpoint`
/// cannot be mixed up.
package protocol EndpointSide: Sendable {
    static var role: EndpointRole { get }
}

/// The side a load reads from.
package enum SourceSide: EndpointSide {
    package static let role = EndpointRole.source
}

/// The side a load writes to.
package enum TargetSide: EndpointSide {
    package static let role = EndpointRole.target
}

/// Where a load reads from.
package typealias SourceEndpoint = Endpoint<SourceSide>

/// Where a load writes to. With none given, data lands in the embedded default: SQLite
/// `./ferry.db`.
package typealias TargetEndpoint = Endpoint<TargetSide>

/// An endpoint of any registered kind (`EndpointKinds.all`) on one side of a load.
package struct Endpoint<Side: EndpointSide>: Sendable, Equatable, CustomStringConvertible {
    /// The kind's own configuration (`FileEndpoint`, `SQLiteEndpoint`, …).
    package let configuration: any EndpointConfiguration

    package init(_ configuration: any EndpointConfiguration) {
        self.configuration = configuration
    }

    /// The configuration when it is of kind `type`.
    package func `as`<T: EndpointConfiguration>(_ type: T.Type) -> T? { configuration as? T }

    /// The `kind` of the endpoint.
    package var kind: String { type(of: configuration).kind }

    /// The modes the kind takes as a target.
    package var modes: [LoadMode] { type(of: configuration).targetModes }

    /// Whether a run into this endpoint is an export (it is a file).
    package var isExport: Bool { type(of: configuration).writesFiles }

    package static func == (a: Endpoint, b: Endpoint) -> Bool { endpointsEqual(a.configuration, b.configuration) }

    /// Reads an endpoint object of one of `kinds`; unknown members are reported once the kind is
    /// known, because they depend on it.
    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector, kinds: EndpointKinds) -> Endpoint? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        guard let kind = kinds.read(&r, issues: issues, role: Side.role) else { return nil }
        let endpoint = kind.read(&r, issues: issues, role: Side.role).map(Endpoint.init)
        r.finish()
        return endpoint
    }

    /// The endpoint as contract JSON, secrets redacted.
    package var json: JSONValue { .object(configuration.jsonMembers) }

    /// As the ledger records it: a path, or a redacted connection with the table or `(query)`.
    package var displayURI: String { configuration.displayURI }

    /// The table (or file) a result and its events name as the target object.
    package var objectName: String { configuration.objectName }

    /// A short name for people: `orders.csv`, `ferry.db:orders`.
    package var description: String { configuration.shortName }
}
