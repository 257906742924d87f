package import FerryCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reports one run to OpenLineage: START when the run starts (`run_started`), then COMPLETE,
/// FAIL or ABORT from `finish`. Best effort: events go out on a thread of their own, so a slow
/// endpoint never holds up the load; `finish` waits at most the transport's timeout for the last
/// event and returns what could not be delivered, for the caller to warn about.
package final class LineageReporter: EventSink {
    private struct State {
        var fields: [LineageField]?
        var started = false
        var startMillis: Int64?
        var pending = 0
        var problems: [String] = []
    }

    private let builder: RunEventBuilder
    private let sender: any LineageSender
    private let timeoutSeconds: Double
    private let queue = BoundedQueue<(label: String, json: [UInt8])>(capacity: 8)
    private let shared = Shared()

    /// The state the delivery thread and the run share.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    /// Starts the delivery thread. `timeoutSeconds` bounds each delivery and `finish`'s wait.
    package init(builder: RunEventBuilder, sender: any LineageSender, timeoutSeconds: Double) {
        self.builder = builder
        self.sender = sender
        self.timeoutSeconds = timeoutSeconds
        let queue = self.queue
        let shared = self.shared
        let destination = sender.destination
        // Never joined: a delivery still hanging when the run ends must not keep the process.
        let thread: WorkerThread
        do throws(FerryError) {
            thread = try WorkerThread(name: "ferry-lineage", stage: .lineage) {
                while let (label, json) = queue.take() {
                    var problem: String?
                    do throws(LineageDeliveryError) {
                        try sender.send(json, timeoutSeconds: timeoutSeconds)
                    } catch {
                        problem = "the OpenLineage \(label) event was not delivered to \(destination): \(error.reason)"
                    }
                    shared.state.withLock { s in
                        s.pending -= 1
                        if let problem { s.problems.append(problem) }
                    }
                }
            }
        } catch {
            // Best effort, as a failed delivery: the run goes on, and `finish` warns.
            queue.close()
            shared.state.withLock { $0.problems.append("no OpenLineage event was delivered to \(destination): \(error.message)") }
            return
        }
        thread.detach()
    }

    deinit { queue.close() }

    /// Sends START on `run_started`; keeps the columns of `schema_resolved` for the last event.
    package func receive(_ event: Event) {
        switch event.payload {
        case .runStarted:
            let first = shared.state.withLock { s -> Bool in
                defer { s.started = true; s.startMillis = event.time }
                return !s.started
            }
            if first { enqueue("START", builder.event(.start, timeMillis: event.time, fields: nil)) }
        case let .schemaResolved(resolved):
            let fields = resolved.schema.columns.map { LineageField(name: $0.name, type: $0.type.name) }
            shared.state.withLock { $0.fields = fields }
        case let .schemaChanged(changed):
            // The output dataset's schema facet shows the table as the load leaves it.
            let fields = changed.columns.map { LineageField(name: $0.name, type: $0.type.name) }
            shared.state.withLock { $0.fields = fields }
        case .progress, .warning, .rowsRejected, .retrying, .checkpoint, .checksCompleted:
            break
        case .runCompleted, .runFailed:
            // The last lineage event comes from `finish`, which also knows the bytes written.
            break
        }
    }

    /// Sends the run's last event for `result` (COMPLETE; ABORT when cancelled; FAIL otherwise)
    /// and waits until every event is delivered or the timeout passes. Returns the problems, for
    /// warnings. Nothing is sent for a run that never started.
    /// `outputFiles`, when the target reports the files it wrote, become the output datasets;
    /// `quality`, what the run's checks found, becomes facets of the input dataset.
    package func finish(
        _ result: RunResult, bytesWritten: Int?, outputFiles: [RunEventBuilder.OutputFile]? = nil, quality: DataQuality? = nil,
        timeMillis: Int64 = Clock.unixMillis()
    ) -> [String] {
        let (started, fields) = shared.state.withLock { ($0.started, $0.fields) }
        guard started else { return [] }
        let type: RunEventBuilder.EventType = switch (result.status, result.error?.code) {
        case (.completed, _): .complete
        case (.failed, .cancelled?): .abort
        case (.failed, _): .fail
        }
        let statistics = RunEventBuilder.Statistics(
            rowsRead: result.rowsRead, bytesRead: result.bytesRead, rowsWritten: result.rowsWritten, bytesWritten: bytesWritten,
            outputFiles: outputFiles, quality: quality)
        let message = result.error.map { "\($0.code.rawValue) (stage \($0.stage.rawValue)): \($0.message)" }
        enqueue(type.rawValue, builder.event(type, timeMillis: timeMillis, fields: fields, statistics: statistics, errorMessage: message))
        queue.close()

        let deadline = Clock.monotonicSeconds() + timeoutSeconds + 0.25
        while Clock.monotonicSeconds() < deadline {
            if shared.state.withLock({ $0.pending }) == 0 { break }
            usleep(2_000)
        }
        return shared.state.withLock { s in
            var problems = s.problems
            if s.pending > 0 {
                problems.append("\(s.pending) OpenLineage event(s) not delivered to \(sender.destination) within \(Self.seconds(timeoutSeconds)) s")
            }
            return problems
        }
    }

    private func enqueue(_ label: String, _ event: JSONValue) {
        shared.state.withLock { $0.pending += 1 }
        if !queue.put((label, Array(event.serialized().utf8))) {
            shared.state.withLock { $0.pending -= 1 }
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
