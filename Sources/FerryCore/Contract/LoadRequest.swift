/// A versioned request: what `ferry run` reads, and what `ferry load` builds from its arguments.
package struct LoadRequest: Sendable, Equatable {
    package var contractVersion: Int
    package var job: Job
    package var source: SourceEndpoint
    package var target: TargetEndpoint
    package var mode: LoadMode
    /// Key columns for `upsert` and `update`.
    package var key: [String]
    package var columns: [DeclaredColumn]
    package var options: LoadOptions
    /// OpenLineage reporting; nil: the `OPENLINEAGE_*` environment decides.
    package var lineage: LineageSettings?
    /// Data checks run while loading (FerryChecks), in order.
    package var checks: [CheckSpec] = []
    /// Column mapping, derived columns and row filter (Docs/transforms.md); nil: none.
    package var transform: TransformSpec?

    package init(
        job: Job, source: SourceEndpoint, target: TargetEndpoint, mode: LoadMode = .create,
        key: [String] = [], columns: [DeclaredColumn] = [], options: LoadOptions = LoadOptions(),
        lineage: LineageSettings? = nil
    ) {
        self.contractVersion = ContractVersion.current
        self.job = job
        self.source = source
        self.target = target
        self.mode = mode
        self.key = key
        self.columns = columns
        self.options = options
        self.lineage = lineage
    }

    /// Parses and validates a request document, reporting every problem with its JSON path.
    package static func parse(_ bytes: [UInt8], kinds: EndpointKinds = .all) throws(InvalidRequest) -> LoadRequest {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw InvalidRequest(issues: [RequestIssue(path: .root, message: "not valid JSON: \(error)")])
        }
        let issues = IssueCollector()
        let request = read(document, kinds: kinds, issues: issues)
        if let request, issues.issues.isEmpty { return request }
        throw InvalidRequest(issues: issues.issues.sorted { $0.path < $1.path })
    }

    static func read(_ document: JSONValue, kinds: EndpointKinds, issues: IssueCollector) -> LoadRequest? {
        guard var r = ObjectReader(document, at: .root, issues: issues) else { return nil }
        let version = r.field("contract_version", required: true) { v, p, issues in
            ObjectReader.integer(v, at: p, in: 0...Int(Int32.max), issues: issues)
        }
        if let version, !ContractVersion.supported.contains(version) {
            issues.report(.root.appending("contract_version"),
                          "version \(version) is not supported; this ferry speaks \(ContractVersion.supported.map(String.init).joined(separator: ", "))")
        }
        let job = r.field("job", Job.read)
        let source = r.field("source", required: true) { v, p, issues in SourceEndpoint.read(v, at: p, issues: issues, kinds: kinds) }
        let target = r.field("target") { v, p, issues in TargetEndpoint.read(v, at: p, issues: issues, kinds: kinds) }
        let mode: LoadMode? = r.choice("mode")
        let key = r.strings("key") ?? []
        let columns = r.field("columns", DeclaredColumn.readAll) ?? []
        let options = r.field("options", LoadOptions.read) ?? LoadOptions()
        let lineage = r.field("lineage", LineageSettings.read)
        let checks = r.field("checks", CheckSpec.readAll) ?? []
        let transform = r.field("transform", TransformSpec.read)
        r.finish()
        guard let source else {
            // Rules that do not depend on the source are still checked, so every problem is reported.
            checkModeAndKey(mode: mode ?? .create, key: key, issues: issues)
            return nil
        }

        var request = LoadRequest(
            job: job ?? Job(name: ""), source: source,
            target: target ?? TargetEndpoint(SQLiteEndpoint()), mode: mode ?? .create,
            key: key, columns: columns, options: options, lineage: lineage)
        request.checks = checks
        request.transform = transform.flatMap { $0.isEmpty ? nil : $0 }
        request.fillDefaults()
        request.check(issues: issues)
        return request
    }

    /// Names the target table and the job after the source file when the request does not.
    mutating func fillDefaults() {
        if let name = source.configuration.suggestedTableName {
            target = TargetEndpoint(target.configuration.naming(table: name))
        }
        if job.name.isEmpty {
            job.name = "load_" + (target.objectName.isEmpty ? "data" : LoadRequest.identifierStem(target.objectName))
        }
    }

    /// Cross-field rules that no single field can check.
    func check(issues: IssueCollector) {
        Self.checkModeAndKey(mode: mode, key: key, issues: issues)
        let kind = type(of: target.configuration)
        if !target.modes.contains(mode) {
            issues.report(.root.appending("mode"), "a \(kind.kind) target takes the modes \(target.modes.map(\.rawValue).joined(separator: ", ")), not \(mode.rawValue)")
        }
        if kind.hasTables && target.objectName.isEmpty {
            issues.report(.root.appending("target").appending("table"), "is required when the source is not a file")
        }
        if !kind.hasTables && !key.isEmpty {
            issues.report(.root.appending("key"), "a \(kind.kind) target has no key")
        }
        if let refusal = target.configuration.refuses(source: source) {
            issues.report(.root.appending("target"), refusal)
        }
        if options.retry.retries > 0, source.configuration.localFile == "-" {
            issues.report(.root.appending("options").appending("retries"),
                          "a retry reads the source again from its start, and stdin cannot be read twice; load from a file")
        }
        FileSetRules.check(self, issues: issues)
        OnSchemaChange.check(self, issues: issues)
        ChunkedLoadRules.check(self, issues: issues)
    }

    static func checkModeAndKey(mode: LoadMode, key: [String], issues: IssueCollector) {
        if mode.needsKey && key.isEmpty {
            issues.report(.root.appending("key"), "mode \(mode.rawValue) needs key columns")
        }
        if !mode.takesKey && !key.isEmpty {
            issues.report(.root.appending("key"), "key is used by upsert and update, and by create and replace as the new table's primary key; mode \(mode.rawValue) takes none")
        }
        if Set(key).count != key.count {
            issues.report(.root.appending("key"), "lists a column twice")
        }
    }

    /// Lowercase letters, digits and underscores, not starting with a digit.
    package static func identifierStem(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased().unicodeScalars {
            if ch.properties.isAlphabetic && ch.isASCII || ("0"..."9").contains(ch) { out.unicodeScalars.append(ch) }
            else if !out.hasSuffix("_") { out += "_" }
        }
        out = String(out.drop { $0 == "_" })
        while out.hasSuffix("_") { out.removeLast() }
        if out.isEmpty { return "data" }
        if out.first?.isNumber == true { out = "t_" + out }
        return out
    }

    /// The request as contract JSON, as `ferry load --print-request` shows it.
    package var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = [
            ("contract_version", .int(contractVersion)),
            ("job", job.json),
            ("source", source.json),
            ("target", target.json),
            ("mode", .string(mode.rawValue)),
        ]
        if !key.isEmpty { m.append(("key", .array(key.map(JSONValue.string)))) }
        if !columns.isEmpty { m.append(("columns", .array(columns.map(\.json)))) }
        m.append(("options", options.json))
        if let lineage { m.append(("lineage", lineage.json)) }
        if !checks.isEmpty { m.append(("checks", .array(checks.map(\.json)))) }
        if let transform { m.append(("transform", transform.json)) }
        return .object(m)
    }
}
