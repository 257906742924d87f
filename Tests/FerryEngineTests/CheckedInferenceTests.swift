import FerryCore
@testable import FerryEngine
import FerryTestSupport
import Testing

/// Whole-input inference in one read (Docs/contract.md): types inferred from the first rows of a
/// repeatable source, every later row checked while loading, and a start-over with whole-input
/// inference when a row changes a type.
@Suite("Checked inference")
struct CheckedInferenceTests {
    let recorder = EventRecorder()

    private func request(columns: [DeclaredColumn] = [], maxRejects: MaxRejects = .none, inferRows: Int? = nil) -> LoadRequest {
        LoadRequest(job: Job(name: "test"), source: .file(FileEndpoint(path: "in.csv", format: .csv)),
                    target: .sqlite(SQLiteEndpoint(path: "x.db", table: "t")), mode: .replace, columns: columns,
                    options: LoadOptions(maxRejects: maxRejects, inferRows: inferRows))
    }

    /// Runs `request` over a fresh repeatable source of `rows` per open (counted in `opens`),
    /// inferring from the first 4 rows.
    private func run(_ request: LoadRequest, columns: [String], rows: [[String?]], sink: MemorySink,
                     rejects: MemoryRejects, opens: Counter, repeatable: Bool = true) -> RunResult {
        let emitter = EventEmitter(sinks: [recorder])
        var load = LoadRun(request: request, emitter: emitter, cancellation: Cancellation(), ferryVersion: "test")
        load.inferenceFirstRows = 4
        let result = load.run(openSource: {
            opens.value += 1
            return MemorySource(columns: columns, rows: rows, chunkRows: 2, repeatable: repeatable)
        }, openSink: { sink }, openRejects: { _ in rejects })
        emitter.emit(result)
        return result
    }

    private var schemas: [SchemaResolved] {
        recorder.events.compactMap { if case let .schemaResolved(s) = $0.payload { return s } else { return nil } }
    }

    private var warnings: [Warning] {
        recorder.events.compactMap { if case let .warning(w) = $0.payload { return w } else { return nil } }
    }

    @Test("rows that fit the types of the first rows load after one read, with the whole input's types")
    func oneRead() throws {
        let rows: [[String?]] = (1...11).map { ["\($0)", "\($0).5", $0 == 9 ? nil : "2024-01-0\($0 % 9 + 1)"] }
        let sink = MemorySink()
        let opens = Counter()
        let result = run(request(), columns: ["id", "amount", "day"], rows: rows, sink: sink, rejects: MemoryRejects(path: "r.jsonl"), opens: opens)
        #expect(result.status == .completed && result.rowsRead == 11 && result.rowsWritten == 11)
        #expect(opens.value == 1)
        #expect(try #require(sink.committedSchema).columns.map(\.type) == [.bigint, .anyDecimal, .date])
        #expect(schemas.count == 1)
        #expect(schemas.first?.rowsScanned == 4 && schemas.first?.checked == true && schemas.first?.sampled == false)
        #expect(warnings.isEmpty)
        #expect(!sink.rolledBack)
    }

    @Test("a later 007 in a column inferred bigint starts the load over with the whole input's types, rejects written once")
    func laterRowChangesType() throws {
        var rows: [[String?]] = (1...9).map { ["\($0)", "\($0)"] }
        rows[1][1] = "x"   // rejected by the declared bigint column in both tries
        rows.append(["007", "10"])
        rows.append(["11", "11"])
        let sink = MemorySink()
        let rejects = MemoryRejects(path: "r.jsonl")
        let opens = Counter()
        let result = run(request(columns: [DeclaredColumn(name: "n", type: .bigint)], maxRejects: .count(5)),
                         columns: ["code", "n"], rows: rows, sink: sink, rejects: rejects, opens: opens)
        #expect(result.status == .completed)
        #expect(result.rowsRead == 11 && result.rowsWritten == 10 && result.rowsRejected == 1)
        #expect(opens.value == 2)
        #expect(sink.rolledBack)
        #expect(try #require(sink.committedSchema).columns.map(\.type) == [.text, .bigint])
        #expect(sink.committed?.map { $0[0] } == ["1", "3", "4", "5", "6", "7", "8", "9", "007", "11"])
        #expect(rejects.records.map(\.line) == [3])
        #expect(warnings.map(\.code) == ["inference_restarted"])
        #expect(warnings.first?.message.hasPrefix("column \"code\" has a value after the first 4 rows that does not fit bigint") == true)
        #expect(schemas.map(\.checked) == [true, false])
        #expect(schemas.last?.rowsScanned == 11)
        #expect(!recorder.types.contains(.retrying))
        #expect(recorder.types.last == .runCompleted)
    }

    @Test("a later row past the target's digits makes an inferred decimal column text, as whole-input inference does")
    func laterRowPastLimits() throws {
        var rows: [[String?]] = (1...8).map { ["\($0).25"] }
        rows.append(["1234567890.1234567"])
        let sink = MemorySink()
        sink.valueLimits.maxDecimalDigits = 15
        let opens = Counter()
        let result = run(request(), columns: ["amount"], rows: rows, sink: sink, rejects: MemoryRejects(path: "r.jsonl"), opens: opens)
        #expect(result.status == .completed && result.rowsWritten == 9)
        #expect(opens.value == 2)
        #expect(try #require(sink.committedSchema).columns.map(\.type) == [.text])
    }

    /// Values the Typist takes in a column of the type inferred so far, but that whole-input
    /// inference joins into another type (an inexact double, a bare date among timestamps, a JSON
    /// scalar among objects), and values hidden behind a row rejected for a declared column
    /// (`hidden`: the Typist names only the row's first failing column).
    @Test("values the Typist takes, or that hide behind another column's reject, still start the load over",
          arguments: [
              ("NaN", "0.1000000000000000055511151231257827", ColumnType.text, false),
              ("2024-01-02 10:00:00", "2024-01-03", .text, false),
              ("{\"a\": 1}", "5", .text, false),
              ("7", "007", .text, false),
              ("7", "007", .text, true),
              ("2024-01-02", "2024-01-02 10:00:00", .text, true),
              ("2.5", "NaN", .double, true),
              ("true", "yes", .text, true),
          ])
    func typistTakesMore(first: String, later: String, whole: ColumnType, hidden: Bool) throws {
        // Chunks of 2 rows; types come from the first 4. Row 5 is rejected for the declared
        // column n, row 10 is typed in a chunk without rejects.
        var rows: [[String?]] = (1...11).map { ["\($0)", first] }
        rows[4] = ["x", hidden ? later : first]
        rows[9][1] = hidden ? first : later
        let sink = MemorySink()
        let rejects = MemoryRejects(path: "r.jsonl")
        let opens = Counter()
        let result = run(request(columns: [DeclaredColumn(name: "n", type: .bigint)], maxRejects: .count(5)),
                         columns: ["n", "v"], rows: rows, sink: sink, rejects: rejects, opens: opens)
        #expect(result.status == .completed && result.rowsWritten == 10 && result.rowsRejected == 1)
        #expect(opens.value == 2)
        #expect(try #require(sink.committedSchema).columns.map(\.type) == [.bigint, whole])
        #expect(rejects.records.map(\.line) == [6])
        #expect(warnings.map(\.code) == ["inference_restarted"])
    }

    @Test("a column of nothing but NULLs in the first rows gets the type of its later values, as whole-input inference gives it")
    func laterValuesAfterNulls() throws {
        var rows: [[String?]] = (1...11).map { ["\($0)", nil, nil] }
        rows[9][1] = "12"
        rows[10][2] = "2024-01-02"
        let sink = MemorySink()
        let opens = Counter()
        let result = run(request(), columns: ["id", "n", "day"], rows: rows, sink: sink, rejects: MemoryRejects(path: "r.jsonl"), opens: opens)
        #expect(result.status == .completed && result.rowsWritten == 11)
        #expect(opens.value == 2)
        #expect(try #require(sink.committedSchema).columns.map(\.type) == [.bigint, .bigint, .date])
        #expect(warnings.map(\.code) == ["inference_restarted"])
        // Text that stays text after NULLs needs no second read.
        let text = MemorySink()
        let again = Counter()
        let kept = run(request(), columns: ["id", "note"], rows: (1...11).map { ["\($0)", $0 < 8 ? nil : "x\($0)"] }, sink: text,
                       rejects: MemoryRejects(path: "r.jsonl"), opens: again)
        #expect(kept.status == .completed && again.value == 1)
        #expect(try #require(text.committedSchema).columns.map(\.type) == [.bigint, .text])
    }

    @Test("a later value that keeps the type, or a row rejected only for a declared column, loads after one read")
    func laterRowsKeepTypes() throws {
        var rows: [[String?]] = (1...8).map { ["\($0)", "\($0).5", "2024-01-02 10:00:00", "{\"a\": \($0)}"] }
        rows.append(["x", "-12345.75", "2024-02-29T23:59:59.999999", "[1, 2]"])
        rows.append(["10", "1e3", "2024-03-01 00:00:00", "{}"])
        let sink = MemorySink()
        let rejects = MemoryRejects(path: "r.jsonl")
        let opens = Counter()
        let result = run(request(columns: [DeclaredColumn(name: "n", type: .bigint)], maxRejects: .count(5)),
                         columns: ["n", "amount", "at", "doc"], rows: rows, sink: sink, rejects: rejects, opens: opens)
        #expect(result.status == .completed && result.rowsWritten == 9 && result.rowsRejected == 1)
        #expect(opens.value == 1)
        #expect(try #require(sink.committedSchema).columns.map(\.type) == [.bigint, .anyDecimal, .timestamp, .json])
        #expect(warnings.isEmpty)
    }

    @Test("infer_rows and sources that are not repeatable keep their reads: a sample, or the whole input twice")
    func otherSources() throws {
        let rows: [[String?]] = (1...10).map { ["\($0)"] } + [["007"]]
        let sampled = MemorySink()
        let opens = Counter()
        let r1 = run(request(maxRejects: .count(5), inferRows: 4), columns: ["n"], rows: rows, sink: sampled,
                     rejects: MemoryRejects(path: "r.jsonl"), opens: opens)
        #expect(r1.status == .completed && r1.rowsRejected == 1 && opens.value == 1)
        #expect(try #require(sampled.committedSchema).columns.map(\.type) == [.bigint])
        let whole = MemorySink()
        let r2 = run(request(), columns: ["n"], rows: rows, sink: whole, rejects: MemoryRejects(path: "r.jsonl"), opens: opens,
                     repeatable: false)
        #expect(r2.status == .completed && r2.rowsRejected == 0 && opens.value == 2)
        #expect(try #require(whole.committedSchema).columns.map(\.type) == [.text])
        #expect(schemas.map(\.checked) == [false, false])
        #expect(warnings.isEmpty)
    }
}

/// A count a test's closures share.
final class Counter: @unchecked Sendable {
    var value = 0
}
