import Testing
@testable import FerryCore

@Suite("Request parsing")
struct RequestParsingTests {
    private func parse(_ text: String) throws(InvalidRequest) -> LoadRequest { try parseRequest(text) }
    private func issues(_ text: String) -> [String] { requestIssues(text) }

    @Test("a minimal request gets the embedded SQLite target named after the file")
    func minimalRequest() throws {
        let r = try parse(#"{"contract_version": 1, "source": {"kind": "file", "path": "data/Orders 2024.csv.gz"}}"#)
        #expect(r.target == .sqlite(SQLiteEndpoint(path: "ferry.db", table: "orders_2024")))
        #expect(r.job == Job(name: "load_orders_2024", namespace: "ferry"))
        #expect(r.mode == .create)
        let f = try #require(r.source.as(FileEndpoint.self))
        #expect(f.format == .csv)
        #expect(f.compression == .auto)
    }

    @Test("three mistakes are reported together, each with its JSON path")
    func threeMistakes() {
        let found = issues(#"""
        {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"},
         "mode": "upsret", "options": {"max_rejects": "lots", "delimter": ";"}}
        """#)
        #expect(found.count == 3)
        #expect(found.contains { $0.hasPrefix("$.mode: \"upsret\" is not one of") && $0.contains("did you mean \"upsert\"") })
        #expect(found.contains { $0.hasPrefix("$.options.max_rejects: expected a count") })
        #expect(found.contains { $0 == "$.options.delimter: unknown field; did you mean \"delimiter\"?" })
    }

    @Test("upsert without key, unknown type and a bad version are all reported")
    func semanticProblems() {
        let found = issues(#"""
        {"contract_version": 7, "source": {"kind": "file", "path": "a.csv"}, "mode": "upsert",
         "columns": [{"name": "id", "type": "int"}]}
        """#)
        #expect(found.contains { $0.hasPrefix("$.contract_version: version 7 is not supported") })
        #expect(found.contains { $0 == "$.key: mode upsert needs key columns" })
        #expect(found.contains { $0.hasPrefix("$.columns[0].type: unknown type \"int\"") })
    }

    @Test("syntax errors give a line and column")
    func syntaxError() {
        let found = issues("{\n  \"contract_version\": 1,\n  \"source\": {\"kind\": \"file\" \"path\": 1}\n}")
        #expect(found == ["$: not valid JSON: line 3, column 29: expected ',' or '}'"])
    }

    @Test("max_rejects takes a count or a percentage", arguments: [
        (#"5"#, MaxRejects.count(5)), (#""2.5%""#, MaxRejects.percent(2.5)),
    ])
    func maxRejects(text: String, expected: MaxRejects) throws {
        let r = try parse(#"{"contract_version": 1, "source": {"kind": "file", "path": "a.csv"}, "options": {"max_rejects": \#(text)}}"#)
        #expect(r.options.maxRejects == expected)
    }

    @Test("a request survives printing and parsing again")
    func roundTrip() throws {
        let text = #"""
        {"contract_version": 1, "job": {"name": "j", "namespace": "n"},
         "source": {"kind": "file", "path": "in.tsv"}, "target": {"kind": "sqlite", "path": "x.db", "table": "t"},
         "mode": "upsert", "key": ["id"], "columns": [{"name": "id", "type": "decimal(12,2)", "nullable": false}],
         "options": {"delimiter": ";", "null_markers": ["", "NA"], "max_rejects": "1%", "infer_rows": 100}}
        """#
        let r = try parse(text)
        let again = try parse(r.json.serialized())
        #expect(again == r)
    }
}
