/// A run's datasets as OpenLineage names them, in its result event, so an orchestrator (the
/// Airflow operator) can hand them to its own lineage integration.
public struct RunLineage: Sendable, Equatable {
    /// The datasets read; the event names each by its namespace and name.
    public var inputs: [LineageDataset]
    /// The datasets written.
    public var outputs: [LineageDataset]
    /// The parent run the events link to, when there is one.
    public var parent: LineageRunReference?

    public init(inputs: [LineageDataset], outputs: [LineageDataset], parent: LineageRunReference? = nil) {
        self.inputs = inputs
        self.outputs = outputs
        self.parent = parent
    }

    var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = [
            ("inputs", .array(inputs.map(Self.json))), ("outputs", .array(outputs.map(Self.json))),
        ]
        if let parent { m.append(("parent", parent.json)) }
        return .object(m)
    }

    /// A dataset as the result event names it: `{"namespace": …, "name": …}`.
    private static func json(_ dataset: LineageDataset) -> JSONValue {
        .object([("namespace", .string(dataset.namespace)), ("name", .string(dataset.name))])
    }
}
