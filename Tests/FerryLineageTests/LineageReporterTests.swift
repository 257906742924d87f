import FerryCore
import FerryLineage
import FerryTestSupport
import Foundation
import Testing

@Suite("Lineage reporter")
struct LineageReporterTests {
    static let input = LineageDataset(namespace: "file", name: "/data/orders.csv", sourceURI: "file:///data/orders.csv", isFile: true)
    static let output = LineageDataset(
        namespace: "postgres://db:5432", name: "shop.raw.orders", sourceURI: "postgres://db:5432/shop", isFile: false)

    static func builder(runID: RunID, parent: LineageRunReference? = nil) -> RunEventBuilder {
        RunEventBuilder(
            runID: runID, job: Job(name: "load_orders", namespace: "ferry"), jobType: "LOAD", ferryVersion: "1.2.3",
            parent: parent, root: parent, input: input, output: output)
    }

    static func event(_ payload: some EventPayload, _ runID: RunID) -> Event {
        Event(runID: runID, seq: 1, time: 1_700_000_000_000, payload: payload.eventPayload)
    }

    static let started = RunStarted(
        job: Job(name: "load_orders"), source: .file(FileEndpoint(path: "/data/orders.csv", format: .csv)),
        target: .sqlite(SQLiteEndpoint(table: "orders")), mode: .append, ferryVersion: "1.2.3")

    static func result(_ status: RunResult.Status, error: FerryError? = nil) -> RunResult {
        RunResult(
            status: status, job: Job(name: "load_orders"), mode: .append, rowsRead: 10, rowsWritten: status == .completed ? 9 : 0,
            rowsRejected: 1, bytesRead: 420, durationSeconds: 1, source: nil, target: nil, rejectFile: nil, error: error)
    }

    /// The events in a file transport's file.
    static func lines(_ path: String, test: String = #function) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        LineageCapture.keep(text.split(separator: "\n").map(String.init), test: test)
        return try text.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("START on run_started, then COMPLETE with the schema and statistics, one line each")
    func completeRun() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let runID = RunID()
        let reporter = LineageReporter(builder: Self.builder(runID: runID), sender: FileLineageSender(path: dir.file("ol.jsonl")), timeoutSeconds: 5)
        reporter.receive(Self.event(Self.started, runID))
        let schema = Schema(columns: [Column(name: "id", type: .bigint, origin: .declared), Column(name: "note", type: .text, origin: .inferred)])
        reporter.receive(Self.event(SchemaResolved(schema: schema, rowsScanned: 10, sampled: false), runID))
        reporter.receive(Self.event(Progress(phase: .load, rowsRead: 5, rowsWritten: 5, rowsRejected: 0, bytesRead: 200, totalBytes: 420, elapsedSeconds: 0.5), runID))
        // The result event itself sends nothing: the last lineage event is `finish`'s.
        reporter.receive(Self.event(Self.result(.completed), runID))
        #expect(reporter.finish(Self.result(.completed), bytesWritten: nil).isEmpty)
        let events = try Self.lines(dir.file("ol.jsonl"))
        #expect(events.map { $0["eventType"] as? String } == ["START", "COMPLETE"])
        for event in events {
            #expect((event["run"] as? [String: Any])?["runId"] as? String == runID.description)
            #expect((event["job"] as? [String: Any])?["name"] as? String == "load_orders")
        }
        let complete = events[1]
        let output = try #require((complete["outputs"] as? [[String: Any]])?.first)
        #expect(output["name"] as? String == "shop.raw.orders")
        let stats = ((output["outputFacets"] as? [String: Any])?["outputStatistics"] as? [String: Any])
        #expect(stats?["rowCount"] as? Int == 9)
        let input = try #require((complete["inputs"] as? [[String: Any]])?.first)
        let inputStats = ((input["inputFacets"] as? [String: Any])?["inputStatistics"] as? [String: Any])
        #expect(inputStats?["rowCount"] as? Int == 10 && inputStats?["size"] as? Int == 420 && inputStats?["fileCount"] as? Int == 1)
        let fields = (((input["facets"] as? [String: Any])?["schema"] as? [String: Any])?["fields"] as? [[String: Any]])
        #expect(fields?.compactMap { $0["name"] as? String } == ["id", "note"])
        #expect(fields?.compactMap { $0["type"] as? String } == ["bigint", "text"])
        #expect(events[0]["inputs"] != nil && ((events[0]["inputs"] as? [[String: Any]])?.first?["inputFacets"]) == nil)
    }

    @Test("a failed run is FAIL with errorMessage; a cancelled one is ABORT; the parent is linked")
    func failAndAbort() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let parent = LineageRunReference(runID: "0190c6a1-7c2e-7e3a-9b1d-2f4a6c8e0b13", jobNamespace: "airflow", jobName: "dag.task")
        for (error, expected) in [
            (FerryError(.targetConstraint, stage: .load, "duplicate key violates a unique constraint"), "FAIL"),
            (FerryError(.cancelled, stage: .cancelled, "interrupted"), "ABORT"),
        ] {
            let runID = RunID()
            let path = dir.file("\(expected).jsonl")
            let reporter = LineageReporter(builder: Self.builder(runID: runID, parent: parent), sender: FileLineageSender(path: path), timeoutSeconds: 5)
            reporter.receive(Self.event(Self.started, runID))
            #expect(reporter.finish(Self.result(.failed, error: error), bytesWritten: nil).isEmpty)
            let last = try #require(try Self.lines(path).last)
            #expect(last["eventType"] as? String == expected)
            let facets = try #require((last["run"] as? [String: Any])?["facets"] as? [String: Any])
            let message = (facets["errorMessage"] as? [String: Any])?["message"] as? String
            #expect(message?.contains(error.message) == true)
            let linked = facets["parent"] as? [String: Any]
            #expect(((linked?["run"] as? [String: Any])?["runId"] as? String) == parent.runID)
            #expect((((linked?["root"] as? [String: Any])?["job"] as? [String: Any])?["name"] as? String) == "dag.task")
        }
    }

    @Test("an unwritable destination gives problems, not failures; nothing is sent before run_started")
    func undeliverable() {
        let runID = RunID()
        let reporter = LineageReporter(
            builder: Self.builder(runID: runID), sender: FileLineageSender(path: "/nonexistent-dir/ol.jsonl"), timeoutSeconds: 1)
        reporter.receive(Self.event(Self.started, runID))
        let problems = reporter.finish(Self.result(.completed), bytesWritten: nil)
        #expect(problems.count == 2)
        #expect(problems.allSatisfy { $0.contains("/nonexistent-dir/ol.jsonl") })
        let idle = LineageReporter(builder: Self.builder(runID: runID), sender: FileLineageSender(path: "/nonexistent-dir/x"), timeoutSeconds: 1)
        #expect(idle.finish(Self.result(.completed), bytesWritten: nil).isEmpty)
    }

    @Test("a sender that hangs holds finish back only for the timeout")
    func hangingSender() {
        struct Hanging: LineageSender {
            var destination: String { "nowhere" }
            func send(_ json: [UInt8], timeoutSeconds: Double) throws(LineageDeliveryError) { sleep(30) }
        }
        let runID = RunID()
        let reporter = LineageReporter(builder: Self.builder(runID: runID), sender: Hanging(), timeoutSeconds: 0.3)
        reporter.receive(Self.event(Self.started, runID))
        let start = Clock.monotonicSeconds()
        let problems = reporter.finish(Self.result(.completed), bytesWritten: nil)
        // Functional bound: far below the sender's 30 s, so the timeout is what ended the wait.
        #expect(Clock.monotonicSeconds() - start < 10)
        #expect(problems == ["2 OpenLineage event(s) not delivered to nowhere within 0.3 s"])
    }
}
