/// The name and namespace a run reports itself under (events, lineage, ledger).
package struct Job: Sendable, Equatable {
    package var name: String
    package var namespace: String

    package static let defaultNamespace = "ferry"

    package init(name: String, namespace: String = Job.defaultNamespace) {
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
