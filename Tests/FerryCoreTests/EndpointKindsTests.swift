import Testing
@testable import FerryCore

@Suite("Endpoint kinds")
struct EndpointKindsTests {
    private func parse(_ text: String) throws(InvalidRequest) -> LoadRequest { try parseRequest(text) }
    private func issues(_ text: String) -> [String] { requestIssues(text) }

    @Test("every kind has a unique name and exactly one kind takes the addresses no other claims")
    func uniqueNames() {
        let names = EndpointKinds.all.names
        #expect(Set(names).count == names.count)
        #expect(EndpointKinds.all.kinds.filter { $0.isAddressFallback }.count == 1)
    }

    @Test("the members each kind reads are the properties its request schema lists", arguments: [EndpointRole.source, .target])
    func membersMatchSchema(role: EndpointRole) throws {
        let text = try #require(ContractSchema.files.first { $0.name == "request.schema.json" }?.json)
        let schema = try JSONParser.parse(text)
        for kind in EndpointKinds.all.kinds where kind.plays(role) {
            let definition = schema["$defs"]?["\(kind.kind)_\(role.rawValue)"]
            guard case let .object(properties)? = definition?["properties"] else {
                Issue.record("the request schema has no $defs/\(kind.kind)_\(role.rawValue) with properties")
                continue
            }
            let listed = Set(properties.map(\.key)).subtracting(["kind"])
            #expect(listed == Set(kind.members(as: role)), "\(kind.kind) as a \(role.rawValue)")
        }
    }

    @Test("the modes the request schema allows each target kind are the modes the kind declares")
    func modesMatchSchema() throws {
        let text = try #require(ContractSchema.files.first { $0.name == "request.schema.json" }?.json)
        guard case let .array(rules)? = try JSONParser.parse(text)["allOf"] else {
            Issue.record("the request schema has no allOf rules")
            return
        }
        for kind in EndpointKinds.all.kinds {
            let restricting = rules.filter { rule in
                if case .string(kind.kind)? = rule["if"]?["properties"]?["target"]?["properties"]?["kind"]?["const"] { return true }
                return false
            }
            let allowed: [String] = restricting.compactMap { rule -> [String]? in
                guard case let .array(values)? = rule["then"]?["properties"]?["mode"]?["enum"] else { return nil }
                return values.compactMap { if case let .string(mode) = $0 { mode } else { nil } }
            }.first ?? LoadMode.allCases.map(\.rawValue)
            #expect(allowed == kind.targetModes.map(\.rawValue), "modes of a \(kind.kind) target")
        }
    }

    @Test("command-line addresses name their kinds; a path is a file; a .db path is SQLite only as a target",
          arguments: [
              ("orders.csv", EndpointRole.source, "file"), ("file:orders.csv", .target, "file"),
              ("sqlite:shop.db", .source, "sqlite"), ("shop.db", .target, "sqlite"), ("shop.db", .source, "file"),
              ("postgresql://u@h/db", .target, "postgres"), ("postgres:", .source, "postgres"), ("postgres:service=w", .target, "postgres"),
              ("odbc:warehouse", .target, "odbc"), ("odbc:Driver={SQLite3};Database=/tmp/x.db", .target, "odbc"),
          ])
    func addresses(text: String, role: EndpointRole, kind: String) {
        #expect(EndpointKinds.all.address(text, role: role)?.kind.kind == kind)
    }

    @Test("a target without a kind's address is not claimed: no format, no scheme")
    func unknownTarget() {
        #expect(EndpointKinds.all.address("mysql://h/db", role: .target) == nil)
        #expect(EndpointKinds.all.address("orders", role: .target) == nil)
    }

    @Test("file targets take create, append, replace and truncate; a keyed mode is refused naming the modes")
    func fileTargetModes() throws {
        for mode in ["create", "append", "replace", "truncate"] {
            let request = try parse(#"{"contract_version": 1, "source": {"kind": "sqlite", "table": "t"}, "target": {"kind": "file", "path": "out.csv"}, "mode": "\#(mode)"}"#)
            #expect(request.mode.rawValue == mode)
        }
        let found = issues(#"{"contract_version": 1, "source": {"kind": "sqlite", "table": "t"}, "target": {"kind": "file", "path": "out.csv"}, "mode": "upsert", "key": ["id"]}"#)
        #expect(found == ["$.key: a file target has no key", "$.mode: a file target takes the modes create, append, replace, truncate, not upsert"])
    }

    @Test("the default target table comes from the source file; a database source needs one named")
    func defaultTable() throws {
        let request = try parse(#"{"contract_version": 1, "source": {"kind": "file", "path": "in/Daily Sales.csv"}, "target": {"kind": "postgres"}}"#)
        #expect(request.target.objectName == "daily_sales")
        #expect(request.target.as(PostgresEndpoint.self)?.table == "daily_sales")
        let found = issues(#"{"contract_version": 1, "source": {"kind": "sqlite", "table": "t"}, "target": {"kind": "odbc", "connection": "DSN=w"}}"#)
        #expect(found == ["$.target.table: is required when the source is not a file"])
    }

    @Test("endpoints of different kinds are never equal; of one kind, equal when their configurations are")
    func equality() {
        #expect(SourceEndpoint.sqlite(SQLiteEndpoint(table: "t")) == .sqlite(SQLiteEndpoint(table: "t")))
        #expect(SourceEndpoint.sqlite(SQLiteEndpoint(table: "t")) != .sqlite(SQLiteEndpoint(table: "u")))
        #expect(TargetEndpoint.file(FileEndpoint(path: "t", format: .csv)) != .sqlite(SQLiteEndpoint(path: "t")))
    }

    @Test("display names and ledger URIs hide secrets", arguments: [
        (SourceEndpoint.postgres(PostgresEndpoint(connection: Secret("postgresql://u:hunter2@h/db"), schema: "raw", table: "t")),
         "postgresql://u:***@h/db#raw.t", "postgresql://u:***@h/db:raw.t"),
        (.odbc(ODBCEndpoint(connection: Secret("DSN=w;PWD=hunter2"), query: "select 1")), "odbc:DSN=w;PWD=***#(query)", "odbc:DSN=w;PWD=***:(query)"),
        (.sqlite(SQLiteEndpoint(path: "a.db", table: "t")), "sqlite:a.db#t", "a.db:t"),
        (.file(FileEndpoint(path: "in.csv", format: .csv)), "in.csv", "in.csv"),
    ])
    func display(endpoint: SourceEndpoint, uri: String, short: String) {
        #expect(endpoint.displayURI == uri)
        #expect(endpoint.description == short)
        #expect(!endpoint.json.serialized().contains("hunter2"))
    }
}

@Suite("Run ids")
struct RunIDTests {
    @Test("runs started in the same millisecond get different tags, taken from the random bits")
    func tagsDiffer() {
        let millis: Int64 = 1_700_000_000_000
        let tags = (0..<50).map { _ in RunID(unixMillis: millis).tag }
        #expect(Set(tags).count == tags.count)
        let id = RunID(unixMillis: millis)
        #expect(id.tag.count == 8)
        #expect(id.description.hasSuffix(id.tag))
        #expect(!id.description.hasPrefix(id.tag))
    }
}

@Suite("Paths in requests")
struct RequestPathTests {
    @Test("a NUL in any path is refused with its JSON path, never cut short", arguments: [
        (#"{"contract_version": 1, "source": {"kind": "file", "path": "sm\u0000all.csv"}}"#, "$.source.path"),
        (#"{"contract_version": 1, "source": {"kind": "file", "path": "a.csv"}, "target": {"kind": "sqlite", "path": "x\u0000.db"}}"#, "$.target.path"),
        (#"{"contract_version": 1, "source": {"kind": "sqlite", "path": "a\u0000b", "table": "t"}, "target": {"kind": "file", "path": "o.csv"}}"#, "$.source.path"),
        (#"{"contract_version": 1, "source": {"kind": "sqlite", "table": "t"}, "target": {"kind": "file", "path": "o\u0000.csv", "format": "csv"}}"#, "$.target.path"),
        (#"{"contract_version": 1, "source": {"kind": "file", "path": "a.csv"}, "options": {"reject_path": "r\u0000.jsonl"}}"#, "$.options.reject_path"),
        (#"{"contract_version": 1, "source": {"kind": "file", "path": "a.csv"}, "lineage": {"transport": {"type": "file", "path": "l\u0000.jsonl"}}}"#, "$.lineage.transport.path"),
    ])
    func nulInPath(request: String, path: String) {
        do {
            _ = try LoadRequest.parse(Array(request.utf8))
            Issue.record("accepted a NUL in \(path)")
        } catch {
            #expect(error.issues.map(\.description).contains("\(path): must not contain a NUL character"))
        }
    }
}
