/// The name and namespace a run reports itself under (events, lineage, ledger).
public struct Job: Sendable, Equatable {
    public var name: String
    public var namespace: String

    public static let defaultNamespace = "ferry"

    public init(name: String, namespace: String = Job.defaultNamespace) {
        self.name = name
        self.namespace = namespace
    }

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> Job? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        let name = r.string("name", required: true)
        let namespace = r.string("namespace") ?? Job.defaultNamespace
        r.finish()
        return name.map { Job(name: $0, namespace: namespace) }
    }

    var json: JSONValue { .object([("name", .string(name)), ("namespace", .string(namespace))]) }
}
