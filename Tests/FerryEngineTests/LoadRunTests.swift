import FerryCore
@testable import FerryEngine
import FerryTestSupport
import Testing

@Suite("Load run")
struct LoadRunTests {
    let recorder = EventRecorder()

    private func request(mode: LoadMode = .replace, key: [String] = [], columns: [DeclaredColumn] = [],
                         maxRejects: MaxRejects = .none, inferRows: Int? = nil) -> LoadRequest {
        LoadRequest(job: Job(name: "test"), source: .file(FileEndpoint(path: "in.csv", format: .csv)),
                    target: .sqlite(SQLiteEndpoint(path: "x.db", table: "t")), mode: mode, key: key, columns: columns,
                    options: LoadOptions(maxRejects: maxRejects, inferRows: inferRows))
    }

    private func run(_ request: LoadRequest, _ source: MemorySource, _ sink: MemorySink,
                     rejects: MemoryRejects = MemoryRejects(path: "r.jsonl"), cancellation: Cancellation = Cancellation()) -> RunResult {
        let emitter = EventEmitter(sinks: [recorder])
        let result = LoadRun(request: request, emitter: emitter, cancellation: cancellation, ferryVersion: "test")
            .run(openSource: { source }, openSink: { sink }, openRejects: { _ in rejects })
        emitter.emit(result)
        return result
    }

    @Test("a clean load infers types, writes every row and ends with run_completed")
    func cleanLoad() throws {
        let source = MemorySource(columns: ["id", "zip", "amount"],
                                  rows: [["1", "02134", "1.50"], ["2", "10001", nil], ["3", "94105", "7"]])
        let sink = MemorySink()
        let result = run(request(), source, sink)
        #expect(result.status == .completed)
        #expect(result.rowsRead == 3 && result.rowsWritten == 3 && result.rowsRejected == 0)
        #expect(sink.committed == [["1", "02134", "1.50"], ["2", "10001", nil], ["3", "94105", "7"]])
        let types = try #require(sink.committedSchema).columns.map(\.type)
        #expect(types == [.bigint, .text, .anyDecimal])
        #expect(recorder.types.first == .runStarted)
        #expect(recorder.types.contains(.schemaResolved))
        #expect(recorder.types.last == .runCompleted)
        #expect(recorder.events.map(\.seq) == Array(1...recorder.events.count))
    }

    @Test("rejects over max_rejects fail the run and leave the target unchanged")
    func rejectsOverThreshold() {
        let source = MemorySource(columns: ["id", "n"], rows: [["1", "5"], ["2", "x"], ["3", "7"]], chunkRows: 1)
        let sink = MemorySink(existingRows: [["old", "row"]])
        let rejects = MemoryRejects(path: "r.jsonl")
        let result = run(request(columns: [DeclaredColumn(name: "n", type: .bigint)]), source, sink, rejects: rejects)
        #expect(result.status == .failed)
        #expect(result.error?.code == .rejectsExceeded)
        #expect(sink.rolledBack)
        #expect(sink.committed == [["old", "row"]])
        #expect(rejects.records.map(\.line) == [3])
        #expect(rejects.records.first?.column == "n")
        #expect(recorder.of(.rowsRejected).count == 1)
        #expect(result.rejectFile == "r.jsonl")
    }

    /// A reject file that cannot be published (found by Tests/python/test_hostile_paths.py: a
    /// reject path that is a directory): before, the load committed, reported the file, and the
    /// rejected rows were gone.
    @Test("a reject file that cannot be published fails the load and leaves the target unchanged")
    func rejectsNotPublished() {
        final class UnpublishableRejects: RejectSink {
            let path = "dir.jsonl"
            func write(_ records: [RejectedRecord]) throws(FerryError) {}
            func close() throws(FerryError) { throw FerryError(.targetWrite, stage: .load, "cannot write the reject file dir.jsonl") }
            func discard() {}
        }
        let source = MemorySource(columns: ["id", "n"], rows: [["1", "5"], ["2", "x"]], chunkRows: 1)
        let sink = MemorySink(existingRows: [["old", "row"]])
        let emitter = EventEmitter(sinks: [recorder])
        let result = LoadRun(request: request(columns: [DeclaredColumn(name: "n", type: .bigint)], maxRejects: .count(5)),
                             emitter: emitter, cancellation: Cancellation(), ferryVersion: "test")
            .run(openSource: { source }, openSink: { sink }, openRejects: { _ in UnpublishableRejects() })
        #expect(result.status == .failed)
        #expect(result.error?.code == .targetWrite)
        #expect(sink.rolledBack)
        #expect(sink.committed == [["old", "row"]])
    }

    @Test("a percentage threshold lets a load with few rejects commit")
    func percentThreshold() {
        let rows: [[String?]] = (1...10).map { [String($0), $0 == 4 ? "bad" : String($0)] }
        let source = MemorySource(columns: ["id", "n"], rows: rows)
        let sink = MemorySink()
        let result = run(request(columns: [DeclaredColumn(name: "n", type: .bigint)], maxRejects: .percent(10)), source, sink)
        #expect(result.status == .completed)
        #expect(result.rowsWritten == 9 && result.rowsRejected == 1 && result.rowsRead == 10)
    }

    @Test("cancellation mid-load rolls back and reports stage cancelled")
    func cancellation() {
        let cancellation = Cancellation()
        let source = MemorySource(columns: ["id"], rows: (1...50).map { [String($0)] }, chunkRows: 5)
        var chunks = 0
        source.beforeChunk = { _ in
            chunks += 1
            if chunks == 14 { cancellation.cancel(reason: "received SIGTERM") }
        }
        let sink = MemorySink(existingRows: [["before"]])
        let result = run(request(), source, sink, cancellation: cancellation)
        #expect(result.status == .failed)
        #expect(result.error?.code == .cancelled)
        #expect(result.error?.stage == .cancelled)
        #expect(result.error?.message.contains("SIGTERM") == true)
        #expect(sink.committed == [["before"]])
        #expect((sink.interrupter as? MemorySink.Flag)?.wasInterrupted == true)
    }

    @Test("a sink failure mid-load rolls back")
    func sinkFailure() {
        let source = MemorySource(columns: ["id"], rows: (1...10).map { [String($0)] }, chunkRows: 2)
        let sink = MemorySink(existingRows: [["kept"]])
        sink.failOnWrite = 3
        let result = run(request(), source, sink)
        #expect(result.error?.code == .targetConstraint)
        #expect(result.rowsWritten == 0)
        #expect(sink.rolledBack)
        #expect(sink.committed == [["kept"]])
    }

    @Test("append uses the existing table's types and rejects values that do not fit them")
    func appendUsesTargetTypes() throws {
        let existing = [Column(name: "id", type: .bigint, nullable: false, origin: .target),
                        Column(name: "note", type: .text, origin: .target)]
        let source = MemorySource(columns: ["note", "id"], rows: [["a", "1"], ["b", "two"]])
        let sink = MemorySink(existingRows: [], existing: existing)
        let result = run(request(mode: .append, maxRejects: .count(1)), source, sink)
        #expect(result.status == .completed)
        #expect(sink.committed == [["1", "a"]])
        let schema = try #require(recorder.of(.schemaResolved).first)
        #expect(schema.json.serialized().contains(#""origin":"target""#))
    }

    @Test("append refuses source columns the table does not have")
    func appendExtraColumn() {
        let existing = [Column(name: "id", type: .bigint, origin: .target)]
        let source = MemorySource(columns: ["id", "surprise"], rows: [["1", "x"]])
        let result = run(request(mode: .append), source, MemorySink(existingRows: [], existing: existing))
        #expect(result.error?.code == .targetSchemaMismatch)
        #expect(result.error?.message.contains("\"surprise\"") == true)
    }

    @Test("sampled inference rejects a later value that does not fit, instead of coercing it")
    func sampledInference() {
        let rows: [[String?]] = [["1"], ["2"], ["3"], ["4.5"]]
        let source = MemorySource(columns: ["n"], rows: rows, chunkRows: 1)
        let sink = MemorySink()
        let result = run(request(maxRejects: .count(5), inferRows: 2), source, sink)
        #expect(result.status == .completed)
        #expect(sink.committed == [["1"], ["2"], ["3"]])
        #expect(result.rowsRejected == 1)
        #expect(result.rowsRead == 4)
    }

    private var warnings: [Warning] {
        recorder.events.compactMap { if case let .warning(w) = $0.payload { return w } else { return nil } }
    }

    @Test("sampled inference rejects a later 007 or +5 in an inferred bigint column instead of changing it")
    func sampledInferenceKeepsText() throws {
        let rows: [[String?]] = [["1"], ["2"], ["007"], ["+5"], ["12"]]
        let source = MemorySource(columns: ["n"], rows: rows, chunkRows: 1)
        let sink = MemorySink()
        let rejects = MemoryRejects(path: "r.jsonl")
        let result = run(request(maxRejects: .count(5), inferRows: 2), source, sink, rejects: rejects)
        #expect(result.status == .completed)
        #expect(sink.committed == [["1"], ["2"], ["12"]])
        #expect(result.rowsRejected == 2)
        let reasons = rejects.records.map(\.reason)
        #expect(reasons.count == 2)
        #expect(reasons.allSatisfy { $0.contains("leading zeros") && $0.contains("declare it bigint") })
        #expect(warnings.isEmpty)
    }

    @Test("whole-file inference keeps a column with 007 text, so nothing changes")
    func wholeFileKeepsText() throws {
        let source = MemorySource(columns: ["n"], rows: [["1"], ["007"], ["+5"]])
        let sink = MemorySink()
        let result = run(request(), source, sink)
        #expect(result.status == .completed && result.rowsRejected == 0)
        #expect(sink.committed == [["1"], ["007"], ["+5"]])
        #expect(try #require(sink.committedSchema).columns.map(\.type) == [.text])
    }

    @Test("a declared bigint column accepts 007 and +5 and counts them in one values_changed warning")
    func declaredCountsChanges() {
        let source = MemorySource(columns: ["n", "m"], rows: [["007", "+1"], ["+5", "2"], ["12", "03"], ["-0", "4"]], chunkRows: 2)
        let sink = MemorySink()
        let result = run(request(columns: [DeclaredColumn(name: "n", type: .bigint), DeclaredColumn(name: "m", type: .anyDecimal)]),
                         source, sink)
        #expect(result.status == .completed && result.rowsRejected == 0)
        #expect(sink.committed == [["7", "1"], ["5", "2"], ["12", "3"], ["0", "4"]])
        let changed = warnings.filter { $0.code == "values_changed" }
        #expect(changed.count == 2)
        #expect(changed.first?.message.hasPrefix("3 values of column \"n\" (declared bigint)") == true)
        #expect(changed.last?.message.hasPrefix("2 values of column \"m\" (declared decimal)") == true)
        for w in changed { #expect(!w.message.contains("007") && !w.message.contains("+5")) }
    }

    @Test("upsert counts every input row as written and warns about keys repeated within the input")
    func upsertDuplicateKeys() {
        let rows: [[String?]] = [["1", "a"], ["2", "b"], ["1", "c"], ["1", "d"], ["3", "e"]]
        let source = MemorySource(columns: ["id", "v"], rows: rows, chunkRows: 2)
        let sink = MemorySink()
        let result = run(request(mode: .upsert, key: ["id"]), source, sink)
        #expect(result.status == .completed)
        #expect(result.rowsWritten == 5)
        let duplicates = warnings.filter { $0.code == "duplicate_keys" }
        #expect(duplicates.count == 1)
        #expect(duplicates.first?.message.hasPrefix("2 rows repeated the key of an earlier row") == true)
    }

    @Test("upsert without repeated keys has no duplicate_keys warning")
    func upsertDistinctKeys() {
        let source = MemorySource(columns: ["id", "k", "v"], rows: [["1", "x", "a"], ["1", "y", "b"], ["2", "x", "c"]])
        let sink = MemorySink()
        let result = run(request(mode: .upsert, key: ["id", "k"]), source, sink)
        #expect(result.status == .completed)
        #expect(warnings.allSatisfy { $0.code != "duplicate_keys" })
    }

    @Test("error messages never contain row values")
    func noValuesInErrors() {
        let secret = "s3cr3t-value-123"
        let source = MemorySource(columns: ["n"], rows: [[secret]])
        let rejects = MemoryRejects(path: "r.jsonl")
        let result = run(request(columns: [DeclaredColumn(name: "n", type: .bigint)]), source, MemorySink(), rejects: rejects)
        #expect(result.status == .failed)
        for event in recorder.events {
            #expect(!event.json.serialized().contains(secret))
        }
        #expect(String(decoding: rejects.records.first?.record ?? [], as: UTF8.self) == secret)
    }

    @Test("a committed load writes one completed ledger row with its counts; a failed one a failed row")
    func ledger() throws {
        let sink = MemorySink()
        let ok = run(request(), MemorySource(columns: ["id"], rows: [["1"], ["2"]]), sink)
        #expect(ok.status == .completed)
        let entry = try #require(sink.ledger.first)
        #expect(sink.ledger.count == 1)
        #expect(entry.status == .completed && entry.rowsRead == 2 && entry.rowsWritten == 2 && entry.rowsRejected == 0)
        #expect(entry.job == Job(name: "test") && entry.mode == .replace && entry.targetTable == "t")
        #expect(entry.sourceURI == "in.csv" && entry.errorCode == nil && entry.startedAt <= entry.endedAt)
        #expect(entry.runID == recorder.events.first?.runID)

        let failing = MemorySink()
        failing.failOnWrite = 1
        let failed = run(request(), MemorySource(columns: ["id"], rows: [["1"]]), failing)
        #expect(failed.status == .failed)
        #expect(failing.ledger.map(\.status) == [.failed])
        #expect(failing.ledger.first?.errorCode == "target_constraint")
        #expect(failing.ledger.first?.rowsWritten == 0)
    }
}
