import FerryCore
@testable import FerryEngine
import FerryTestSupport
import Synchronization
import Testing

/// Retries of a whole load after a transient failure, against in-memory connectors: each
/// attempt gets a fresh source and sink, as the CLI's factories give. Pauses are recorded, not slept.
@Suite("Load run retries")
struct LoadRunRetryTests {
    let recorder = EventRecorder()

    /// Records the pauses a run asked for, and may cancel the run during one.
    final class Pauses: Sendable {
        let asked = Mutex<[Double]>([])
        let cancelDuringPause: Bool
        init(cancelDuringPause: Bool = false) { self.cancelDuringPause = cancelDuringPause }

        var timing: RetryTiming {
            RetryTiming(draw: { 0.5 }, pause: { [self] seconds, cancellation in
                asked.withLock { $0.append(seconds) }
                if cancelDuringPause { cancellation.cancel(reason: "received SIGTERM") }
                return !cancellation.isCancelled
            })
        }
    }

    static let lost = FerryError(.targetUnavailable, stage: .load, "writing table t: server closed the connection unexpectedly",
                                 retryable: true, driver: DriverError(system: "postgres", code: "57P01", message: "terminating connection"))

    private func request(retries: Int, maxRejects: MaxRejects = .none) -> LoadRequest {
        LoadRequest(job: Job(name: "test"), source: .file(FileEndpoint(path: "in.csv", format: .csv)),
                    target: .sqlite(SQLiteEndpoint(path: "x.db", table: "t")), mode: .replace,
                    columns: [DeclaredColumn(name: "n", type: .bigint)],
                    options: LoadOptions(maxRejects: maxRejects, retry: RetryPolicy(retries: retries, budgetSeconds: 60)))
    }

    /// A sink that fails its first write with `failure` (nil: a sink that works).
    private static func sink(failing failure: FerryError?) -> MemorySink {
        let sink = MemorySink(existingRows: [["0", "0"]])
        if let failure {
            sink.failOnWrite = 1
            sink.failure = failure
        }
        return sink
    }

    /// Runs `request` with one sink per attempt, in order; returns the result and the sinks used.
    private func run(_ request: LoadRequest, sinks: [MemorySink], pauses: Pauses,
                     rejects: MemoryRejects = MemoryRejects(path: "r.jsonl"),
                     cancellation: Cancellation = Cancellation()) -> (RunResult, used: Int) {
        let emitter = EventEmitter(sinks: [recorder])
        var engine = LoadRun(request: request, emitter: emitter, cancellation: cancellation, ferryVersion: "test")
        engine.retryTiming = pauses.timing
        let opened = Mutex(0)
        let result = engine.run(
            openSource: { MemorySource(columns: ["id", "n"], rows: [["1", "5"], ["2", "x"], ["3", "7"]], chunkRows: 1) },
            openSink: {
                let index = opened.withLock { n -> Int in defer { n += 1 }; return n }
                return sinks[min(index, sinks.count - 1)]
            },
            openRejects: { _ in rejects })
        emitter.emit(result)
        return (result, opened.withLock { $0 })
    }

    private var retryingEvents: [Retrying] {
        recorder.events.compactMap { if case let .retrying(r) = $0.payload { r } else { nil } }
    }

    @Test("a transient failure is retried: the load completes, with one retrying event and one completed ledger row")
    func retriedThenCompleted() {
        let sinks = [Self.sink(failing: Self.lost), Self.sink(failing: nil)]
        let pauses = Pauses()
        let (result, used) = run(request(retries: 3, maxRejects: .count(5)), sinks: sinks, pauses: pauses)
        #expect(result.status == .completed)
        #expect(used == 2)
        #expect(result.rowsRead == 3 && result.rowsWritten == 2 && result.rowsRejected == 1)
        #expect(sinks[0].rolledBack && sinks[0].committed == [["0", "0"]] && sinks[0].ledger.isEmpty)
        #expect(sinks[1].committed == [["1", "5"], ["3", "7"]])
        #expect(sinks[1].ledger.map(\.status) == [.completed])
        #expect(pauses.asked.withLock { $0 } == [0.5])
        let retrying = retryingEvents
        #expect(retrying.count == 1)
        #expect(retrying.first?.attempt == 2 && retrying.first?.maxAttempts == 4 && retrying.first?.delayMillis == 500)
        #expect(retrying.first?.error.driver?.code == "57P01")
        #expect(recorder.of(.runStarted).count == 1)
        #expect(recorder.types.last == .runCompleted)
    }

    @Test("a retried attempt's rejects are dropped: the reject file holds each rejected row once")
    func rejectsNotDuplicated() {
        let failing = Self.sink(failing: Self.lost)
        failing.failOnWrite = 2   // after the rejected row 2 was written to the reject file
        let rejects = MemoryRejects(path: "r.jsonl")
        let (result, _) = run(request(retries: 1, maxRejects: .count(5)), sinks: [failing, Self.sink(failing: nil)],
                              pauses: Pauses(), rejects: rejects)
        #expect(result.status == .completed)
        #expect(rejects.records.map(\.line) == [3])
        #expect(result.rowsRejected == 1)
    }

    @Test("a non-transient error is never retried")
    func permanentNotRetried() {
        let constraint = FerryError(.targetConstraint, stage: .load, "duplicate key")
        let sinks = [Self.sink(failing: constraint), Self.sink(failing: nil)]
        let pauses = Pauses()
        let (result, used) = run(request(retries: 5), sinks: sinks, pauses: pauses)
        #expect(result.status == .failed && result.error?.code == .targetConstraint)
        #expect(used == 1)
        #expect(retryingEvents.isEmpty && pauses.asked.withLock { $0 }.isEmpty)
    }

    @Test("without retries a transient failure fails the run at once, retryable, with nothing written")
    func noRetriesByDefault() {
        let sinks = [Self.sink(failing: Self.lost), Self.sink(failing: nil)]
        let (result, used) = run(request(retries: 0), sinks: sinks, pauses: Pauses())
        #expect(result.status == .failed && result.error?.retryable == true)
        #expect(used == 1 && result.rowsWritten == 0)
        #expect(sinks[0].committed == [["0", "0"]])
        #expect(retryingEvents.isEmpty)
    }

    @Test("a run that exhausts its retries fails with the last transient error and records one failed ledger row")
    func exhausted() {
        let sinks = (0..<3).map { _ in Self.sink(failing: Self.lost) }
        let pauses = Pauses()
        let (result, used) = run(request(retries: 2), sinks: sinks, pauses: pauses)
        #expect(result.status == .failed && result.error?.retryable == true && result.error?.code == .targetUnavailable)
        #expect(used == 3)
        #expect(retryingEvents.map(\.attempt) == [2, 3])
        #expect(pauses.asked.withLock { $0 } == [0.5, 1.0])
        #expect(sinks.map { $0.ledger.count } == [0, 0, 1])
        #expect(sinks[2].ledger.first?.status == .failed)
        #expect(sinks.allSatisfy { $0.committed == [["0", "0"]] })
    }

    @Test("a run cancelled while it pauses before a retry ends cancelled and tries no more")
    func cancelledWhilePausing() {
        let sinks = [Self.sink(failing: Self.lost), Self.sink(failing: nil)]
        let (result, used) = run(request(retries: 3, maxRejects: .count(5)), sinks: sinks, pauses: Pauses(cancelDuringPause: true))
        #expect(result.status == .failed && result.error?.code == .cancelled)
        #expect(used == 1)
        #expect(result.rowsRejected == 0 && result.rejectFile == nil)
        #expect(sinks[1].committed == [["0", "0"]])
    }

    @Test("a cancelled run never retries, even when the error it stopped with is transient")
    func cancelledNotRetried() {
        let cancellation = Cancellation()
        cancellation.cancel(reason: "received SIGINT")
        let pauses = Pauses()
        let (result, _) = run(request(retries: 3), sinks: [Self.sink(failing: Self.lost)], pauses: pauses, cancellation: cancellation)
        #expect(result.error?.code == .cancelled)
        #expect(pauses.asked.withLock { $0 }.isEmpty && retryingEvents.isEmpty)
    }
}
