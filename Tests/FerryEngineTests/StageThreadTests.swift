#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryCore
@testable import FerryEngine
import FerryTestSupport
import Testing

/// The calling thread, as a number.
private func currentThread() -> UInt {
    #if canImport(Glibc)
    UInt(pthread_self())
    #else
    UInt(bitPattern: pthread_self())
    #endif
}

/// A stage that records the ids it sees and the thread it runs on; it can fail or cancel the run
/// at a given id, and can ask for the writer's thread.
private final class Recorder: BatchStage {
    var ids: [Int64] = []
    var threads: Set<UInt> = []
    var failAt: Int64?
    var cancelAt: (Int64, Cancellation)?
    var onWriterThread = false
    var finished = false

    func start(schema: Schema) throws(FerryError) {}

    func process(_ batch: inout StagedBatch) throws(FerryError) {
        threads.insert(currentThread())
        let column = batch.rows.columns[0]
        for row in 0..<batch.rows.rowCount {
            let id = column.ints[row]
            ids.append(id)
            if id == failAt { throw FerryError(.invalidRequest, stage: .transform, "stage failed at \(id)") }
            if let (at, cancellation) = cancelAt, id == at { cancellation.cancel(reason: "test") }
        }
    }

    func finish() throws(FerryError) { finished = true }

    var processesOnWriterThread: Bool { onWriterThread }
}

@Suite("Stage thread")
struct StageThreadTests {
    private static let rowCount = 2_000

    private func run(_ stage: Recorder, _ sink: MemorySink, cancellation: Cancellation = Cancellation()) -> RunResult {
        let request = LoadRequest(job: Job(name: "test"), source: .file(FileEndpoint(path: "in.csv", format: .csv)),
                                  target: .sqlite(SQLiteEndpoint(path: "x.db", table: "t")), mode: .replace, key: [],
                                  columns: [DeclaredColumn(name: "id", type: .bigint)], options: LoadOptions())
        let rows: [[String?]] = (1...Self.rowCount).map { [String($0), "v\($0)"] }
        let source = MemorySource(columns: ["id", "v"], rows: rows, chunkRows: 7)
        var load = LoadRun(request: request, emitter: EventEmitter(sinks: []), cancellation: cancellation, ferryVersion: "test")
        load.stages = [stage]
        return load.run(openSource: { source }, openSink: { sink }, openRejects: { _ in MemoryRejects(path: "r.jsonl") })
    }

    private var thisThread: UInt { currentThread() }

    @Test("stages run on a thread of their own and see every row in input order across many batches")
    func ownThreadInOrder() {
        let stage = Recorder()
        let sink = MemorySink()
        let result = run(stage, sink)
        #expect(result.status == .completed)
        #expect(stage.ids == (1...Int64(Self.rowCount)).map { $0 })
        #expect(stage.threads.count == 1 && !stage.threads.contains(thisThread))
        #expect(stage.finished)
        #expect(sink.committed?.map { $0[0] } == (1...Self.rowCount).map { String($0) })
    }

    @Test("a stage that needs the writer's connection runs on the writer's thread")
    func writerThreadWhenAsked() {
        let stage = Recorder()
        stage.onWriterThread = true
        let result = run(stage, MemorySink())
        #expect(result.status == .completed)
        #expect(stage.threads == [thisThread])
        #expect(stage.ids.count == Self.rowCount)
    }

    @Test("an error a stage throws on the stage thread fails the load and leaves the target unchanged")
    func errorOnStageThread() {
        let stage = Recorder()
        stage.failAt = 1_000
        let sink = MemorySink(existingRows: [["old", "row"]])
        let result = run(stage, sink)
        #expect(result.status == .failed)
        #expect(result.error?.message == "stage failed at 1000")
        #expect(!stage.threads.contains(thisThread))
        #expect(sink.rolledBack)
        #expect(sink.committed == [["old", "row"]])
        #expect(stage.ids.last == 1_000 && !stage.finished)
    }

    @Test("cancelling while the stage thread runs ends the load as cancelled with the target unchanged")
    func cancelledOnStageThread() {
        let cancellation = Cancellation()
        let stage = Recorder()
        stage.cancelAt = (500, cancellation)
        let sink = MemorySink(existingRows: [["old", "row"]])
        let result = run(stage, sink, cancellation: cancellation)
        #expect(result.status == .failed)
        #expect(result.error?.code == .cancelled)
        #expect(sink.committed == [["old", "row"]])
        #expect(!stage.finished)
    }
}
