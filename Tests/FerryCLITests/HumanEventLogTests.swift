import FerryCore
@testable import FerryCLI
import Synchronization
import Testing

/// The human log renders each typed event as the same lines `ferry` has always written on
/// stderr (the README shows them), without reading anything back from the events' JSON.
@Suite("Human event log")
struct HumanEventLogTests {
    /// Keeps what a `Log` writes, in place of stderr.
    final class Captured: Sendable {
        private let text = Mutex("")

        func append(_ s: String) { text.withLock { $0 += s } }

        /// Everything written so far; cleared.
        func take() -> String { text.withLock { t in defer { t = "" }; return t } }
    }

    let captured = Captured()

    func log(onTerminal: Bool = false, logsCompletion: Bool = true, level: LogLevel = .info) -> HumanEventLog {
        let captured = self.captured
        return HumanEventLog(log: Log(level: level, onTerminal: onTerminal, output: { captured.append($0) }), logsCompletion: logsCompletion)
    }

    func render(_ payload: some EventPayload, onTerminal: Bool = false, logsCompletion: Bool = true) -> String {
        log(onTerminal: onTerminal, logsCompletion: logsCompletion).receive(event(payload))
        return captured.take()
    }

    func event(_ payload: some EventPayload) -> Event {
        Event(runID: RunID(), seq: 1, time: 1_700_000_000_000, payload: payload.eventPayload)
    }

    static let orders = TargetEndpoint.sqlite(SQLiteEndpoint(path: "ferry.db", table: "orders"))

    static func result(_ status: RunResult.Status, error: FerryError? = nil, rejected: Int = 0) -> RunResult {
        RunResult(status: status, job: Job(name: "orders"), mode: .create, rowsRead: 1_236, rowsWritten: 1_234, rowsRejected: rejected,
                  bytesRead: 9_000, durationSeconds: 1.5004, source: .file(FileEndpoint(path: "orders.csv", format: .csv)),
                  target: orders, rejectFile: rejected > 0 ? "orders.rejects.jsonl" : nil, error: error)
    }

    @Test("run_started names source, target and mode by their short names")
    func runStarted() {
        let file = SourceEndpoint.file(FileEndpoint(path: "orders.csv", format: .csv))
        #expect(render(RunStarted(job: Job(name: "orders"), source: file, target: Self.orders, mode: .create, ferryVersion: "t"))
            == "ferry: loading orders.csv → ferry.db:orders (create)\n")

        let query = PostgresEndpoint(connection: Secret("postgresql://me:hunter2@db/shop"), query: "select 1")
        let odbc = ODBCEndpoint(connection: Secret("DSN=w;PWD=hunter2"), schema: "raw", table: "orders")
        let line = render(RunStarted(job: Job(name: "orders"), source: .postgres(query), target: .odbc(odbc), mode: .append, ferryVersion: "t"))
        #expect(line == "ferry: loading \(query.redactedConnection ?? "?"):(query) → odbc:\(odbc.redactedConnection):raw.orders (append)\n")
        #expect(!line.contains("hunter2"))

        let defaults = PostgresEndpoint(schema: "raw", table: "orders")
        let export = TargetEndpoint.file(FileEndpoint(path: "out.jsonl", format: .jsonl))
        #expect(render(RunStarted(job: Job(name: "orders"), source: .postgres(defaults), target: export, mode: .create, ferryVersion: "t"))
            == "ferry: loading postgres::raw.orders → out.jsonl (create)\n")
        let table = SourceEndpoint.sqlite(SQLiteEndpoint(path: "in.db", query: "select 1"))
        #expect(render(RunStarted(job: Job(name: "orders"), source: table, target: Self.orders, mode: .replace, ferryVersion: "t"))
            == "ferry: loading in.db:(query) → ferry.db:orders (replace)\n")
    }

    @Test("schema_resolved lists twelve columns with their types and counts the rest")
    func schemaResolved() {
        let many = Schema(columns: (1...14).map { Column(name: "c\($0)", type: $0 == 1 ? .bigint : .text, origin: .inferred) })
        let listed = (["c1 bigint"] + (2...12).map { "c\($0) text" }).joined(separator: ", ")
        #expect(render(SchemaResolved(schema: many, rowsScanned: 1_234, sampled: false))
            == "ferry: 14 columns (types inferred from 1,234 rows): \(listed), … 2 more\n")
        let declared = Schema(columns: [Column(name: "id", type: .bigint, origin: .declared), Column(name: "amount", type: .decimal(precision: 12, scale: 2), origin: .declared)])
        #expect(render(SchemaResolved(schema: declared, rowsScanned: 0, sampled: false)) == "ferry: 2 columns: id bigint, amount decimal(12,2)\n")
        let one = Schema(columns: [Column(name: "id", type: .bigint, origin: .inferred)])
        #expect(render(SchemaResolved(schema: one, rowsScanned: 50_000, sampled: false, checked: true))
            == "ferry: 1 column (types inferred from the first 50,000 rows, checked in every later row): id bigint\n")
    }

    @Test("progress is a bar redrawn in place on a terminal, and a line at most every few seconds elsewhere")
    func progress() {
        let p = Progress(phase: .load, rowsRead: 1_204_332, rowsWritten: 1_204_329, rowsRejected: 3, bytesRead: 50_000_000,
                         totalBytes: 100_000_000, elapsedSeconds: 2)
        let bar = ProgressBar.clearLine + "loading   [" + String(repeating: "#", count: 14) + String(repeating: "-", count: 14)
            + "]  50%  1,204,332 rows  25.0 MB/s  3 rejected"
        #expect(render(p, onTerminal: true) == bar)

        let plain = log()
        plain.receive(event(p))
        plain.receive(event(p))
        // The second event comes well within the interval: one line only.
        #expect(captured.take() == "ferry: loading: 1,204,332 rows, 50.0 MB read\n")

        let quiet = HumanEventLog(log: Log(level: .warning, onTerminal: true, output: { [captured] in captured.append($0) }), logsCompletion: true)
        quiet.receive(event(p))
        #expect(captured.take() == "")
    }

    @Test("warnings and rejected rows are warning lines with up to three reasons, never values")
    func warningsAndRejects() {
        #expect(render(Warning(code: "rows_not_matched", message: "2 rows matched no key")) == "ferry: warning: 2 rows matched no key\n")
        let records = [
            RejectedRecord(line: 2, column: "n", reason: "not a valid bigint", record: Array("2,twenty".utf8)),
            RejectedRecord(line: 3, reason: "too many fields", record: Array("3,4,5".utf8)),
            RejectedRecord(line: 4, column: "n", reason: "not a valid bigint", record: Array("4,x".utf8)),
            RejectedRecord(line: 5, column: "n", reason: "not a valid bigint", record: Array("5,y".utf8)),
        ]
        let line = render(RowsRejected(count: 4, total: 10, rejectFile: "r.jsonl", samples: records))
        #expect(line == #"ferry: warning: 4 rows rejected (10 so far, in r.jsonl): line 2, column "n": not a valid bigint; line 3: too many fields; line 4, column "n": not a valid bigint"# + "\n")
        #expect(!line.contains("twenty"))
        #expect(render(RowsRejected(count: 1, total: 1, rejectFile: nil, samples: [records[1]]))
            == "ferry: warning: 1 row rejected (1 so far, in the reject file): line 3: too many fields\n")
    }

    @Test("run_completed says what was written where, only when no summary follows")
    func runCompleted() {
        #expect(render(Self.result(.completed)) == "ferry: done: 1,234 rows written to ferry.db:orders in 1.50 s\n")
        #expect(render(Self.result(.completed, rejected: 2))
            == "ferry: done: 1,234 rows written to ferry.db:orders in 1.50 s, 2 rejected (orders.rejects.jsonl)\n")
        #expect(render(Self.result(.completed), logsCompletion: false) == "")
        // On a terminal the last progress bar is erased before the summary is printed below it.
        #expect(render(Self.result(.completed), onTerminal: true, logsCompletion: false) == ProgressBar.clearLine)
    }

    @Test("run_failed is the error with its code, or every problem of an invalid request")
    func runFailed() {
        let exists = FerryError(.targetExists, stage: .load, #"table "orders" already exists"#)
        #expect(render(Self.result(.failed, error: exists), logsCompletion: false)
            == #"ferry: error: table "orders" already exists [target_exists]"# + "\n")
        let invalid = FerryError(InvalidRequest(issues: [
            RequestIssue(path: JSONPath.root.appending("target").appending("table"), message: "must not be empty"),
            RequestIssue(path: JSONPath.root.appending("columns").appending(index: 2), message: "unknown type \"bigintt\""),
        ]))
        #expect(render(RunResult.notStarted(invalid)) == """
            ferry: error: invalid request: 2 problems, nothing was touched [invalid_request]
            ferry: error:   $.target.table: must not be empty
            ferry: error:   $.columns[2]: unknown type "bigintt"

            """)
        #expect(render(Self.result(.failed)) == "ferry: error: the run failed [error]\n")
    }
}
