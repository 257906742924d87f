import FerryCore

/// `OPENLINEAGE_CONTEXT`: a JSON object in the shape of OpenLineage's ParentRunFacet, for
/// callers that pass the whole hierarchy at once:
/// `{"run": {"runId": …}, "job": {"namespace": …, "name": …}, "root": {"run": {…}, "job": {…}}}`.
enum LineageContext {
    struct Links {
        var parent: LineageRunReference?
        var root: LineageRunReference?
    }

    static func parse(_ text: String) -> Result<Links, LineageConfigProblem> {
        guard let document = try? JSONParser.parse(text), case let .object(members) = document else {
            return .failure(LineageConfigProblem(reason: "is not a JSON object"))
        }
        guard let parent = reference(members) else {
            return .failure(LineageConfigProblem(reason: "needs run.runId (a UUID), job.namespace and job.name"))
        }
        var links = Links(parent: parent, root: nil)
        if case let .object(root)? = members.first(where: { $0.key == "root" })?.value {
            guard let reference = reference(root) else {
                return .failure(LineageConfigProblem(reason: "root needs run.runId (a UUID), job.namespace and job.name"))
            }
            links.root = reference
        }
        return .success(links)
    }

    private static func reference(_ members: [(key: String, value: JSONValue)]) -> LineageRunReference? {
        func object(_ key: String) -> [(key: String, value: JSONValue)]? {
            guard case let .object(m)? = members.first(where: { $0.key == key })?.value else { return nil }
            return m
        }
        func string(_ key: String, _ m: [(key: String, value: JSONValue)]) -> String? {
            guard case let .string(s)? = m.first(where: { $0.key == key })?.value, !s.isEmpty else { return nil }
            return s
        }
        guard let run = object("run"), let job = object("job"), let id = string("runId", run),
              LineageRunReference.isUUID(id), let namespace = string("namespace", job), let name = string("name", job) else { return nil }
        return LineageRunReference(runID: id.lowercased(), jobNamespace: namespace, jobName: name)
    }
}
