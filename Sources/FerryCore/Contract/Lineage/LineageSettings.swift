/// The request's `lineage` block: whether and where the run reports OpenLineage run events, and
/// the orchestrator run it belongs to. Every field may be left out; the standard `OPENLINEAGE_*`
/// environment fills what the request does not say (Docs/lineage.md).
package struct LineageSettings: Sendable, Equatable {
    /// false: no OpenLineage events. Nil: `OPENLINEAGE_DISABLED` decides.
    package var enabled: Bool?
    /// Nil: `OPENLINEAGE_URL` or the `OPENLINEAGE_CONFIG` file decides.
    package var transport: LineageTransport?
    /// The run that started this one (an Airflow task, a dbt run).
    package var parent: LineageRunReference?
    /// The root of the parent's hierarchy (the DAG run).
    package var root: LineageRunReference?

    package init(enabled: Bool? = nil, transport: LineageTransport? = nil, parent: LineageRunReference? = nil, root: LineageRunReference? = nil) {
        self.enabled = enabled
        self.transport = transport
        self.parent = parent
        self.root = root
    }

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> LineageSettings? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        let settings = LineageSettings(
            enabled: r.bool("enabled"),
            transport: r.field("transport", LineageTransport.read),
            parent: r.field("parent", LineageRunReference.read),
            root: r.field("root", LineageRunReference.read))
        r.finish()
        return settings
    }

    var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = []
        if let enabled { m.append(("enabled", .bool(enabled))) }
        if let transport { m.append(("transport", transport.json)) }
        if let parent { m.append(("parent", parent.json)) }
        if let root { m.append(("root", root.json)) }
        return .object(m)
    }
}

/// A run of another job, as OpenLineage identifies it: a UUID run id and the job's namespace and
/// name.
package struct LineageRunReference: Sendable, Equatable {
    package var runID: String
    package var jobNamespace: String
    package var jobName: String

    package init(runID: String, jobNamespace: String, jobName: String) {
        self.runID = runID
        self.jobNamespace = jobNamespace
        self.jobName = jobName
    }

    /// Parses Airflow's `lineage_parent_id` form `{namespace}/{job name}/{run id}`: the namespace
    /// ends at the first `/`, the run id starts after the last one. Nil when it is not that form
    /// or the run id is not a UUID.
    package static func parse(slashed text: String) -> LineageRunReference? {
        guard let first = text.firstIndex(of: "/"), let last = text.lastIndex(of: "/"), first < last else { return nil }
        let namespace = String(text[..<first])
        let name = String(text[text.index(after: first)..<last])
        let run = String(text[text.index(after: last)...]).lowercased()
        guard !namespace.isEmpty, !name.isEmpty, isUUID(run) else { return nil }
        return LineageRunReference(runID: run, jobNamespace: namespace, jobName: name)
    }

    /// Whether `text` is a UUID in the 8-4-4-4-12 hexadecimal form.
    package static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard b == UInt8(ascii: "-") else { return false }
            } else {
                let hex = (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
                guard hex else { return false }
            }
        }
        return true
    }

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> LineageRunReference? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        let run = r.string("run_id", required: true)
        let namespace = r.string("job_namespace", required: true)
        let name = r.string("job_name", required: true)
        r.finish()
        if let run, !isUUID(run) {
            issues.report(p.appending("run_id"), "expected a UUID such as 0190c6a1-7c2e-7e3a-9b1d-2f4a6c8e0b13")
            return nil
        }
        guard let run, let namespace, let name else { return nil }
        return LineageRunReference(runID: run.lowercased(), jobNamespace: namespace, jobName: name)
    }

    var json: JSONValue {
        .object([("run_id", .string(runID)), ("job_namespace", .string(jobNamespace)), ("job_name", .string(jobName))])
    }
}
