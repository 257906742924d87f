/// A run's datasets as OpenLineage names them, in its result event, so an orchestrator (the
/// Airflow operator) can hand them to its own lineage integration.
package struct RunLineage: Sendable, Equatable {
    /// The datasets read; the event names each by its namespace and name.
    package var inputs: [LineageDataset]
    /// The datasets written.
    package var outputs: [LineageDataset]
    /// The parent run the events link to, when there is one.
    package var parent: LineageRunReference?

    package init(inputs: [LineageDataset], outputs: [LineageDataset], parent: LineageRunReference? = nil) {
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
