import FerryCore
import Testing

/// The JSON form of typed events: the envelope, then each payload's members in the contract's
/// order. The golden files cover run_started, schema_resolved, rows_rejected and the results;
/// these cover progress and warning, whose values the goldens cannot pin down.
@Suite("Event JSON")
struct EventJSONTests {
    static let runID = RunID(unixMillis: 1_700_000_000_000)

    static func line(_ payload: some EventPayload, seq: Int = 7) -> String {
        Event(runID: runID, seq: seq, time: 1_700_000_000_123, payload: payload.eventPayload).json.serialized()
    }

    static func envelope(_ type: String, seq: Int = 7) -> String {
        #"{"contract_version":1,"type":"\#(type)","run_id":"\#(runID)","seq":\#(seq),"time":"2023-11-14T22:13:20.123Z","#
    }

    @Test("progress: counts, the known total, and rates rounded to whole numbers")
    func progress() {
        let p = Progress(phase: .load, rowsRead: 1_000, rowsWritten: 990, rowsRejected: 10, bytesRead: 4_096, totalBytes: nil, elapsedSeconds: 3)
        #expect(Self.line(p) == Self.envelope("progress")
            + #""phase":"load","rows_read":1000,"rows_written":990,"rows_rejected":10,"bytes_read":4096,"total_bytes":null,"rows_per_second":333,"bytes_per_second":1365}"#)
    }

    @Test("warning: code and message")
    func warning() {
        #expect(Self.line(Warning(code: "rows_not_matched", message: "1 row matched no key"), seq: 3)
            == Self.envelope("warning", seq: 3) + #""code":"rows_not_matched","message":"1 row matched no key"}"#)
    }

    @Test("rows_rejected keeps five samples and never a record's values")
    func rowsRejected() {
        let records = (1...7).map { RejectedRecord(line: $0, column: $0 == 1 ? nil : "n", reason: "not a valid bigint", record: Array("x,secret-\($0)".utf8)) }
        let payload = RowsRejected(count: 7, total: 7, rejectFile: nil, samples: records)
        #expect(payload.samples.count == 5)
        let line = Self.line(payload)
        #expect(line.hasPrefix(Self.envelope("rows_rejected") + #""count":7,"total":7,"reject_file":null,"samples":[{"line":1,"column":null,"reason":"not a valid bigint"},{"line":2,"column":"n","#))
        #expect(!line.contains("secret"))
    }

    @Test("a result is run_completed or run_failed by its status, and consumers can switch on it")
    func results() {
        let failed = RunResult.notStarted(FerryError(.sourceNotFound, stage: .extract, "no such file: a.csv"))
        guard case let .runFailed(result) = failed.eventPayload else {
            Issue.record("a failed result is not run_failed")
            return
        }
        #expect(result.error?.code == .sourceNotFound)
        #expect(Self.line(failed).hasPrefix(Self.envelope("run_failed") + #""status":"failed","job":null,"mode":null,"#))
        var completed = failed
        completed.status = .completed
        completed.error = nil
        #expect(completed.eventPayload.type == .runCompleted)
    }
}
