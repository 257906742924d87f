import FerryCore
@testable import FerryEngine
import FerryTestSupport
import Testing

@Suite("Schema evolution and column names")
struct SchemaEvolutionTests {
    let recorder = EventRecorder()
    /// Last week's table: id int4, name varchar(3).
    static let table = [
        Column(name: "id", type: .bigint, origin: .target, limit: .integerRange(min: -2_147_483_648, max: 2_147_483_647, typeName: "integer")),
        Column(name: "name", type: .text, origin: .target, limit: .maxCharacters(3, typeName: "varchar(3)")),
    ]

    private func run(_ transform: String, columns: [String], rows: [[String?]], declared: String = "[]", mode: String = "append",
                     sink: MemorySink) throws -> RunResult {
        let text = """
        {"contract_version":1,"source":{"kind":"file","path":"in.csv"},"target":{"kind":"sqlite","path":"x.db","table":"t"},
         "mode":"\(mode)","columns":\(declared),"transform":\(transform)}
        """
        let request = try LoadRequest.parse(Array(text.utf8))
        let emitter = EventEmitter(sinks: [recorder])
        var load = LoadRun(request: request, emitter: emitter, cancellation: Cancellation(), ferryVersion: "test")
        load.shaper = request.transform.map { ShapeStage(spec: $0, key: request.key, runID: "run-1", loadedAtMillis: 0) }
        return load.run(openSource: { MemorySource(columns: columns, rows: rows) }, openSink: { sink }, openRejects: { _ in MemoryRejects(path: "r") })
    }

    @Test("append_new_columns hands the sink new nullable columns and reports them after schema_resolved")
    func appendsNewColumns() throws {
        let sink = MemorySink(existingRows: [["1", "ann"]], existing: Self.table)
        let result = try run(#"{"on_schema_change":"append_new_columns"}"#, columns: ["id", "name", "email"], rows: [["2", "bob", "b@x"]], sink: sink)
        #expect(result.status == .completed)
        #expect(sink.evolved.map(\.kind) == [.addColumn])
        #expect(sink.evolved.first?.after?.name == "email" && sink.evolved.first?.after?.nullable == true)
        #expect(recorder.types.firstIndex(of: .schemaResolved)! < recorder.types.firstIndex(of: .schemaChanged)!)
        guard case let .schemaChanged(changed)? = recorder.of(.schemaChanged).first?.payload else {
            Issue.record("no schema_changed event")
            return
        }
        #expect(changed.columns.map(\.name) == ["id", "name", "email"])
        #expect(changed.changes == [SchemaChanged.Item(change: .addColumn, column: "email", from: nil, to: "text")])
    }

    @Test("declared wider types widen the table's columns; inferred ones do not")
    func widens() throws {
        let sink = MemorySink(existing: Self.table)
        let declared = #"[{"name":"id","type":"bigint"},{"name":"name","type":"text"}]"#
        _ = try run(#"{"on_schema_change":"append_new_columns"}"#, columns: ["id", "name"], rows: [["3000000000", "long"]], declared: declared, sink: sink)
        #expect(sink.evolved.map(\.kind) == [.widenColumn, .widenColumn])
        #expect(sink.evolved.allSatisfy { $0.after?.limit == nil })
        let inferred = MemorySink(existing: Self.table)
        _ = try run(#"{"on_schema_change":"append_new_columns"}"#, columns: ["id", "name"], rows: [["3", "abc"]], sink: inferred)
        #expect(inferred.evolved.isEmpty)
    }

    @Test("sync_all_columns also drops columns the load lacks; ignore leaves new columns out and changes nothing")
    func syncAndIgnore() throws {
        let sync = MemorySink(existing: Self.table)
        _ = try run(#"{"on_schema_change":"sync_all_columns"}"#, columns: ["id", "email"], rows: [["1", "e"]], sink: sync)
        #expect(sync.evolved.map(\.kind) == [.addColumn, .dropColumn])
        #expect(sync.evolved.last?.before?.name == "name")
        let ignore = MemorySink(existing: Self.table)
        let result = try run(#"{"on_schema_change":"ignore"}"#, columns: ["id", "email"], rows: [["1", "e"]], sink: ignore)
        #expect(result.status == .completed)
        #expect(ignore.evolved.isEmpty)
        #expect(ignore.committedSchema?.names == ["id"])
    }

    @Test("fail names every difference at $.transform.on_schema_change and never reaches the sink")
    func fails() throws {
        let sink = MemorySink(existingRows: [["1", "ann"]], existing: Self.table)
        let result = try run(#"{"on_schema_change":"fail"}"#, columns: ["id", "email"], rows: [["2", "e"]], sink: sink)
        #expect(result.status == .failed)
        let error = try #require(result.error)
        #expect(error.code == .invalidRequest)
        #expect(error.issues.map(\.path.description) == ["$.transform.on_schema_change"])
        #expect(error.issues.first?.message.contains(#"new column "email"; missing column "name""#) == true)
        #expect(sink.evolved.isEmpty && sink.committed == [["1", "ann"]])
    }

    @Test("on_schema_change is refused for modes other than append and upsert")
    func modes() {
        let text = """
        {"contract_version":1,"source":{"kind":"file","path":"in.csv"},"target":{"kind":"sqlite","path":"x.db","table":"t"},
         "mode":"replace","transform":{"on_schema_change":"append_new_columns"}}
        """
        #expect(throws: InvalidRequest.self) { try LoadRequest.parse(Array(text.utf8)) }
    }

    @Test("snake_case renames input columns, keeps request-given names, and reports two that become one")
    func names() throws {
        let sink = MemorySink()
        _ = try run(#"{"names":"snake_case","rename":{"Größe":"Size"}}"#, columns: ["Order ID", "customerName", "Größe"], rows: [["1", "a", "L"]],
                    mode: "replace", sink: sink)
        #expect(sink.committedSchema?.names == ["order_id", "customer_name", "Size"])
        let clash = try run(#"{"names":"snake_case"}"#, columns: ["Order ID", "order_id"], rows: [["1", "2"]], mode: "replace", sink: MemorySink())
        #expect(clash.error?.issues.map(\.path.description) == ["$.transform.names"])
        #expect(clash.error?.issues.first?.message.contains(#""Order ID" and "order_id" both become "order_id""#) == true)
    }

    @Test("a name over the target's limit and too many columns fail before anything is written, with JSON paths")
    func limits() throws {
        let sink = MemorySink()
        sink.valueLimits = SQLDialect.postgres.targetLimits
        let long = String(repeating: "Long Name ", count: 7)
        let result = try run(#"{"names":"snake_case"}"#, columns: ["id", long], rows: [["1", "a"]], mode: "replace", sink: sink)
        #expect(result.error?.issues.map(\.path.description) == ["$.transform.names"])
        #expect(sink.committed == nil)
        let wide = MemorySink(existing: Array(Self.table) + (0..<1599).map { Column(name: "c\($0)", type: .text, origin: .target) })
        wide.valueLimits = SQLDialect.postgres.targetLimits
        let added = try run(#"{"on_schema_change":"append_new_columns"}"#, columns: ["id", "new"], rows: [["1", "a"]], sink: wide)
        #expect(added.error?.issues.first?.message.contains("1602 columns") == true)
        #expect(wide.evolved.isEmpty)
    }
}
