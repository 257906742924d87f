/// A run's datasets as OpenLineage names them, in its result event, so an orchestrator (the
/// Airflow operator) can hand them to its own lineage integration.
public struct RunLineage: Sendable, Equatable {
    /// One dataset: OpenLineage namespace and name.
    public struct Dataset: Sendable, Equatable {
        public var namespace: String
        public var name: String

        public init(namespace: String, name: String) {
            self.namespace = namespace
            self.name = name
        }

        var json: JSONValue { .object([("namespace", .string(namespace)), ("name", .string(name))]) }
    }

    public var inputs: [Dataset]
    public var outputs: [Dataset]
    /// The parent run the events link to, when there is one.
    public var parent: LineageRunReference?

    public init(inputs: [Dataset], outputs: [Dataset], parent: LineageRunReference? = nil) {
        self.inputs = inputs
        self.outputs = outputs
        self.parent = parent
    }

    var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = [
            ("inputs", .array(inputs.map(\.json))), ("outputs", .array(outputs.map(\.json))),
        ]
        if let parent { m.append(("parent", parent.json)) }
        return .object(m)
    }
}
