package import FerryCore

/// Where a run's OpenLineage events go and what they link to, resolved once per run from the
/// request's `lineage` block and the standard environment. The request wins field by field;
/// then `OPENLINEAGE_URL` (with `OPENLINEAGE_ENDPOINT`, `OPENLINEAGE_API_KEY`); then the
/// `transport` of the `OPENLINEAGE_CONFIG` YAML file. Nothing configured: no transport, and the
/// run's datasets still appear in its result event.
package struct LineageConfiguration: Sendable, Equatable {
    package var enabled: Bool
    package var transport: LineageTransport?
    package var parent: LineageRunReference?
    package var root: LineageRunReference?
    /// `OPENLINEAGE_NAMESPACE`: the job namespace when the request gives none.
    package var namespace: String?
    /// Problems with the environment or the config file: lineage is best effort, so they are
    /// warnings, never failures. Messages never contain secrets.
    package var problems: [String]

    package init(
        enabled: Bool = true, transport: LineageTransport? = nil, parent: LineageRunReference? = nil,
        root: LineageRunReference? = nil, namespace: String? = nil, problems: [String] = []
    ) {
        self.enabled = enabled
        self.transport = transport
        self.parent = parent
        self.root = root
        self.namespace = namespace
        self.problems = problems
    }

    /// Whether events are sent anywhere.
    package var sends: Bool { enabled && transport != nil }

    /// Resolves `settings` over `environment`; `readFile` reads the `OPENLINEAGE_CONFIG` file.
    package static func resolve(
        _ settings: LineageSettings?, environment: [String: String], readFile: (String) -> String?
    ) -> LineageConfiguration {
        var config = LineageConfiguration()
        func env(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        config.enabled = settings?.enabled ?? !["true", "1", "yes", "on"].contains(env("OPENLINEAGE_DISABLED")?.lowercased() ?? "")
        config.namespace = env("OPENLINEAGE_NAMESPACE")

        if let transport = settings?.transport {
            config.transport = transport
        } else if let url = env("OPENLINEAGE_URL") {
            if url.hasPrefix("http://") || url.hasPrefix("https://") {
                config.transport = .http(HTTPLineageTransport(
                    url: url, endpoint: env("OPENLINEAGE_ENDPOINT") ?? HTTPLineageTransport.defaultEndpoint,
                    apiKey: env("OPENLINEAGE_API_KEY").map(Secret.init)))
            } else {
                config.problems.append("OPENLINEAGE_URL is not an http:// or https:// URL; no lineage is sent")
            }
        } else if let path = env("OPENLINEAGE_CONFIG") {
            if let text = readFile(path) {
                do throws(YAMLSubset.ParseError) {
                    let document = try YAMLSubset.parse(text)
                    switch LineageConfigFile.transport(document) {
                    case let .success(transport): config.transport = transport
                    case let .failure(problem): config.problems.append("OPENLINEAGE_CONFIG \(path): \(problem.reason)")
                    }
                } catch {
                    config.problems.append("OPENLINEAGE_CONFIG \(path): \(error)")
                }
            } else {
                config.problems.append("OPENLINEAGE_CONFIG \(path) cannot be read")
            }
        }

        config.parent = settings?.parent
        config.root = settings?.root
        if config.parent == nil, let text = env("OPENLINEAGE_PARENT_ID") {
            config.parent = LineageRunReference.parse(slashed: text)
            if config.parent == nil {
                config.problems.append("OPENLINEAGE_PARENT_ID is not {namespace}/{job name}/{run UUID}; the run has no parent")
            }
        }
        if config.root == nil, let text = env("OPENLINEAGE_ROOT_PARENT_ID") {
            config.root = LineageRunReference.parse(slashed: text)
            if config.root == nil {
                config.problems.append("OPENLINEAGE_ROOT_PARENT_ID is not {namespace}/{job name}/{run UUID}; the run has no root")
            }
        }
        if config.parent == nil || config.root == nil, let text = env("OPENLINEAGE_CONTEXT") {
            switch LineageContext.parse(text) {
            case let .success(context):
                if config.parent == nil { config.parent = context.parent }
                if config.root == nil { config.root = context.root }
            case let .failure(problem):
                config.problems.append("OPENLINEAGE_CONTEXT: \(problem.reason)")
            }
        }
        // A parent is its own root when nothing names another.
        if config.root == nil { config.root = config.parent }
        return config
    }
}

/// A reason a piece of lineage configuration was not used.
package struct LineageConfigProblem: Error, Sendable {
    package var reason: String
}
