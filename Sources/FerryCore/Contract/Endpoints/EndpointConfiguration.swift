/// Which side of a load an endpoint is on.
package enum EndpointRole: String, Sendable {
    case source, target
}

/// One kind of endpoint (file, sqlite, postgres, odbc, …), described once: how a request names it,
/// how it reads from a request, how it is shown (secrets redacted), which modes it takes as a
/// target and what its command-line address looks like.
///
/// Every kind is listed once, in `EndpointKinds.all`. Its connector module adds the connector
/// side (`EndpointConnector`): opening sources and sinks, and naming its OpenLineage datasets.
/// Adding a kind takes its configuration type here, one line in `EndpointKinds.all`, its module,
/// and its fragment of the request schema (Docs/decisions/0005-one-place-per-concept.md).
package protocol EndpointConfiguration: Sendable, Equatable {
    /// The `kind` discriminator of requests: `"file"`, `"sqlite"`, ….
    static var kind: String { get }
    /// The modes the kind takes as a target (the validator, the schema and the sink agree on
    /// these; a test checks the schema).
    static var targetModes: [LoadMode] { get }
    /// Whether the kind can be a load's source (a kind that is only written, such as Parquet
    /// for now, is not offered or accepted as one).
    static var readsAsSource: Bool { get }
    /// The request members the kind reads in `role`, besides `kind`: for the command line, which
    /// maps its options onto them, and for the test that keeps the schema in step.
    static func members(as role: EndpointRole) -> [String]
    /// Reads the kind's members (the `kind` member is already read) from a request object,
    /// reporting problems with their JSON paths.
    static func read(_ r: inout ObjectReader, issues: IssueCollector, role: EndpointRole) -> Self?
    /// The members a command-line address stands for (`sqlite:shop.db` → `path`), or nil when
    /// `text` is not this kind's address. `FileEndpoint` takes whatever no other kind claims.
    static func address(_ text: String, role: EndpointRole) -> [(key: String, value: JSONValue)]?
    /// What the command line shows as this kind's address syntax, for help and errors.
    static var addressSyntax: String { get }
    /// Whether the kind takes addresses no other kind claims (a file path): tried last.
    static var isAddressFallback: Bool { get }

    /// The endpoint as contract JSON, `kind` first, secrets redacted.
    var jsonMembers: [(key: String, value: JSONValue)] { get }
    /// As the ledger records it: a path, or a redacted connection with the table or `(query)`.
    var displayURI: String { get }
    /// A short name for people: `orders.csv`, `ferry.db:orders`, `postgres:…:raw.orders`.
    var shortName: String { get }
    /// The table (or file) a result names as the target object; empty when unnamed.
    var objectName: String { get }
    /// Whether a target of this kind is a table that must be named (a file target is not).
    static var hasTables: Bool { get }
    /// The endpoint with its table named `table`, when it names none (the default target table).
    func naming(table: String) -> Self
    /// The table name a source suggests for its target (a file's stem), if any.
    var suggestedTableName: String? { get }
    /// Why this target refuses `source`, when it does (a file target refuses a file source).
    func refuses(source: SourceEndpoint) -> String?
    /// Whether the kind writes files (a target run is then an export).
    static var writesFiles: Bool { get }
    /// The local file the endpoint reads or writes, if it is one (a CSV file, a SQLite
    /// database): no output of the run may be the same file.
    var localFile: String? { get }
}

extension EndpointConfiguration {
    package static var readsAsSource: Bool { true }
    /// Whether the kind can play `role` in a load.
    package static func plays(_ role: EndpointRole) -> Bool { role == .source ? readsAsSource : !targetModes.isEmpty }
    package var suggestedTableName: String? { nil }
    package func refuses(source: SourceEndpoint) -> String? { nil }
    package static var writesFiles: Bool { false }
    package var localFile: String? { nil }
    package static var hasTables: Bool { true }
    package static var isAddressFallback: Bool { false }
    package func naming(table: String) -> Self { self }
}

/// Whether two endpoints of any kinds are the same: the same kind, and equal.
func endpointsEqual(_ a: any EndpointConfiguration, _ b: any EndpointConfiguration) -> Bool {
    func compare<T: EndpointConfiguration>(_ a: T) -> Bool { (b as? T) == a }
    return compare(a)
}

/// A kind whose endpoints name one table (`table`): it takes the default target table.
package protocol TableEndpoint: EndpointConfiguration {
    var table: String? { get set }
}

extension TableEndpoint {
    package func naming(table: String) -> Self {
        var named = self
        if named.table == nil { named.table = table }
        return named
    }
}
