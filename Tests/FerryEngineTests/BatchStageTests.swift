import FerryCore
@testable import FerryEngine
import FerryTestSupport
import Testing

/// A stage that rejects rows whose `n` is over `limit`, counts what it saw and can fail at the end.
private final class OverLimit: BatchStage {
    let limit: Int64
    let failAtFinish: Bool
    var column = -1
    var seen = 0
    var finished = false

    init(limit: Int64, failAtFinish: Bool = false) {
        self.limit = limit
        self.failAtFinish = failAtFinish
    }

    func start(schema: Schema) throws(FerryError) {
        guard let index = schema.index(of: "n") else {
            throw FerryError(.invalidRequest, stage: .validate, "no column n")
        }
        column = index
    }

    func process(_ batch: inout StagedBatch) throws(FerryError) {
        let values = batch.rows.columns[column]
        for row in 0..<batch.rows.rowCount {
            seen += 1
            if !values.isNull[row] && values.ints[row] > limit { batch.reject(row: row, column: "n", reason: "n over \(limit)") }
        }
    }

    func finish() throws(FerryError) {
        finished = true
        if failAtFinish { throw FerryError(.invalidRequest, stage: .transform, "stage failed") }
    }

    var resultMembers: [(key: String, value: JSONValue)] { [("seen", .int(seen))] }
}

@Suite("Batch stages")
struct BatchStageTests {
    private func run(_ stage: OverLimit, _ sink: MemorySink, _ rejects: MemoryRejects, maxRejects: MaxRejects = .count(10),
                     columns: [String] = ["id", "n"]) -> RunResult {
        let request = LoadRequest(job: Job(name: "test"), source: .file(FileEndpoint(path: "in.csv", format: .csv)),
                                  target: .sqlite(SQLiteEndpoint(path: "x.db", table: "t")), mode: .replace, key: [],
                                  columns: [DeclaredColumn(name: "n", type: .bigint)].filter { columns.contains($0.name) },
                                  options: LoadOptions(maxRejects: maxRejects))
        let source = MemorySource(columns: columns, rows: [["1", "5"], ["2", "50"], ["3", "x"], ["4", "7"], ["5", "99"]], chunkRows: 2)
        var load = LoadRun(request: request, emitter: EventEmitter(sinks: []), cancellation: Cancellation(), ferryVersion: "test")
        load.stages = [stage]
        return load.run(openSource: { source }, openSink: { sink }, openRejects: { _ in rejects })
    }

    @Test("rows a stage rejects go to the reject file with its reason and the original record, in line order")
    func rejectsRows() {
        let stage = OverLimit(limit: 10)
        let sink = MemorySink()
        let rejects = MemoryRejects(path: "r.jsonl")
        let result = run(stage, sink, rejects)
        #expect(result.status == .completed)
        #expect(sink.committed == [["1", "5"], ["4", "7"]])
        #expect(rejects.records.map(\.line) == [3, 4, 6])
        #expect(rejects.records.map(\.reason)[0] == "n over 10")
        #expect(rejects.records[0].column == "n" && rejects.records[0].columnIndex == 2)
        // MemorySource's record bytes are its fields run together: line 3 is the row ("2", "50").
        #expect(String(decoding: rejects.records[0].record, as: UTF8.self) == "250")
        #expect(result.rowsRejected == 3 && result.rowsWritten == 2)
        #expect(stage.seen == 4 && stage.finished)
        #expect(result.jsonMembers.contains { $0.key == "seen" })
    }

    @Test("stage rejects count against max_rejects")
    func stageRejectsCount() {
        let sink = MemorySink(existingRows: [["old", "row"]])
        let result = run(OverLimit(limit: 10), sink, MemoryRejects(path: "r.jsonl"), maxRejects: .count(2))
        #expect(result.error?.code == .rejectsExceeded)
        #expect(sink.committed == [["old", "row"]])
    }

    @Test("a stage that fails at the end of the input rolls the load back and still reports its members")
    func failsAtFinish() {
        let stage = OverLimit(limit: 100, failAtFinish: true)
        let sink = MemorySink(existingRows: [["old", "row"]])
        let result = run(stage, sink, MemoryRejects(path: "r.jsonl"))
        #expect(result.status == .failed)
        #expect(result.error?.message == "stage failed")
        #expect(sink.rolledBack)
        #expect(sink.committed == [["old", "row"]])
        #expect(result.jsonMembers.contains { $0.key == "seen" })
    }

    @Test("a stage that refuses the schema fails the run before the target is begun")
    func refusesSchema() {
        let stage = OverLimit(limit: 10)
        let sink = MemorySink(existingRows: [["old", "row"]])
        let result = run(stage, sink, MemoryRejects(path: "r.jsonl"), columns: ["id", "m"])
        #expect(result.error?.code == .invalidRequest)
        #expect(sink.committed == [["old", "row"]])
        #expect(stage.seen == 0)
    }
}
