import FerryCore
@testable import FerryEngine
import FerryTestSupport
import Testing

@Suite("Transform stage")
struct ShapeStageTests {
    private func request(_ transform: String) throws -> LoadRequest {
        let text = """
        {"contract_version":1,"source":{"kind":"file","path":"in.csv"},"target":{"kind":"sqlite","path":"x.db","table":"t"},
         "mode":"replace","options":{"max_rejects":10},"columns":[{"name":"qty","type":"bigint"},{"name":"price","type":"double"}],
         "transform":\(transform)}
        """
        return try LoadRequest.parse(Array(text.utf8))
    }

    private static let rows: [[String?]] = [["1", " Ann ", "2", "1.5", "x"], ["2", "bob", "0", "3", ""], ["3", "Cy", "5", "2", "y"],
                                            ["4", "dee", nil, "1", "z"]]

    private func run(_ transform: String, sink: MemorySink, rejects: MemoryRejects, rows: [[String?]] = Self.rows) throws -> RunResult {
        let request = try request(transform)
        let source = MemorySource(columns: ["id", "name", "qty", "price", "note"], rows: rows, chunkRows: 3)
        var load = LoadRun(request: request, emitter: EventEmitter(sinks: []), cancellation: Cancellation(), ferryVersion: "test")
        load.shaper = request.transform.map { ShapeStage(spec: $0, key: request.key, runID: "run-1", loadedAtMillis: 1_000) }
        return load.run(openSource: { source }, openSink: { sink }, openRejects: { _ in rejects })
    }

    @Test("select, rename, derived columns, casts, defaults, a filter and audit columns reach the target; a value that cannot be computed rejects its row")
    func shapes() throws {
        let sink = MemorySink()
        let rejects = MemoryRejects(path: "r.jsonl")
        let result = try run("""
        {"select":["id","name","qty","price"],"rename":{"name":"who"},
         "columns":[{"name":"who","expr":"upper(trim(name))"},{"name":"total","expr":"qty * price"},
                    {"name":"per","expr":"10 / qty"},{"name":"qty","default":"-1"},{"name":"id","type":"text"}],
         "where":"price >= 1.5 OR qty IS NULL","audit_columns":["_run_id","_loaded_at"]}
        """, sink: sink, rejects: rejects)
        #expect(result.status == .completed)
        #expect(sink.committedSchema?.names == ["id", "who", "qty", "price", "total", "per", "_run_id", "_loaded_at"])
        #expect(sink.committedSchema?.columns.map(\.type) == [.text, .text, .bigint, .double, .double, .bigint, .text, .timestamptz])
        // Row 1 kept; row 2 fails 10 / 0 (rejected); row 3 filtered (price 2 >= 1.5 → kept); row 4 qty NULL → kept, defaulted.
        #expect(sink.committed == [
            ["1", "ANN", "2", "1.5", "3", "5", "run-1", "1970-01-01 00:00:01Z"],
            ["3", "CY", "5", "2", "10", "2", "run-1", "1970-01-01 00:00:01Z"],
            ["4", "DEE", "-1", "1", nil, nil, "run-1", "1970-01-01 00:00:01Z"],
        ])
        #expect(rejects.records.map(\.line) == [3])
        #expect(rejects.records.first?.reason == "column \"per\": division by zero")
        #expect(result.jsonMembers.contains { $0.key == "rows_filtered" })
    }

    @Test("the filter leaves rows out without rejecting them and counts them")
    func filters() throws {
        let sink = MemorySink()
        let result = try run(#"{"where":"qty > 1"}"#, sink: sink, rejects: MemoryRejects(path: "r.jsonl"))
        #expect(sink.committed?.map { $0[0] } == ["1", "3"])
        #expect(result.rowsRejected == 0)
        let filtered = result.jsonMembers.first { $0.key == "rows_filtered" }?.value
        #expect(filtered == .int(2))
    }

    @Test("cleaning: trim and empty strings to NULL on the columns named, rows that are entirely NULL left out")
    func cleans() throws {
        let sink = MemorySink()
        let rows = Self.rows + [[nil, nil, nil, nil, nil], [nil, "  ", nil, nil, nil]]
        let result = try run(#"{"trim":["name"],"empty_as_null":["name","note"],"drop_null_rows":true}"#,
                             sink: sink, rejects: MemoryRejects(path: "r.jsonl"), rows: rows)
        #expect(sink.committed?.map { [$0[1], $0[4]] } == [["Ann", "x"], ["bob", nil], ["Cy", "y"], ["dee", "z"], [nil, nil]])
        #expect(result.jsonMembers.first { $0.key == "rows_filtered" }?.value == .int(1))
        let bad = try run(#"{"trim":["qty","nope"]}"#, sink: MemorySink(), rejects: MemoryRejects(path: "r.jsonl"))
        #expect(bad.error?.issues.map(\.description) == [
            "$.transform.trim[0]: column \"qty\" is bigint; trim applies to text columns",
            "$.transform.trim[1]: no column \"nope\" in the output",
        ])
    }

    @Test("a bad expression, a missing column or a rename onto an existing name fails with JSON path and position, nothing touched")
    func refuses() throws {
        let sink = MemorySink(existingRows: [["old"]])
        let result = try run("""
        {"select":["id","nme"],"rename":{"id":"name"},"columns":[{"name":"z","expr":"lower(qty)"}],"where":"price + 1"}
        """, sink: sink, rejects: MemoryRejects(path: "r.jsonl"))
        #expect(result.error?.code == .invalidRequest)
        let issues = (result.error?.issues ?? []).map { "\($0.path): \($0.message)" }
        #expect(issues.contains("$.transform.select[1]: no column \"nme\" in the input; did you mean \"name\"?"))
        #expect(issues.contains("$.transform.columns[0].expr: at position 7: lower needs text here, not bigint; cast it with CAST(... AS text)"))
        #expect(issues.contains("$.transform.where: at position 1: where needs a boolean expression, found double"))
        #expect(sink.committed == [["old"]])
        let rename = try run(#"{"rename":{"id":"name"}}"#, sink: sink, rejects: MemoryRejects(path: "r.jsonl"))
        #expect(rename.error?.issues.map(\.message) == ["renames \"id\" onto \"name\", which the output already has; drop or rename that one first"])
    }

    @Test("key columns name output columns: a key the transform drops fails before the target; a NULL key rejects the row")
    func keys() throws {
        var spec = TransformSpec()
        spec.drop = ["id"]
        let input = Schema(columns: [Column(name: "id", type: .bigint, origin: .declared), Column(name: "n", type: .bigint, origin: .declared)])
        #expect(throws: FerryError.self) { try ShapeStage(spec: spec, key: ["id"], runID: "r", loadedAtMillis: 0).start(input: input, existing: nil) }
        spec.drop = []
        let stage = ShapeStage(spec: spec, key: ["id"], runID: "r", loadedAtMillis: 0)
        let output = try stage.start(input: input, existing: nil)
        #expect(output.columns.map(\.nullable) == [false, true])
        var batch = TypedBatch(schema: input)
        batch.columns[0].append(int: 1)
        batch.columns[0].appendNull()
        batch.columns[1].append(int: 5)
        batch.columns[1].append(int: 6)
        batch.lines = [2, 3]
        let shaped = try stage.shape(batch)
        #expect(shaped.rows.lines == [2] && shaped.rejected.map(\.reason) == ["key column \"id\" is NULL"])
    }
}
