import Foundation
import Synchronization

/// Counters for `/metrics` in the Prometheus text format. Labels are low-cardinality: run status,
/// job name, HTTP method, route pattern (never the path, which holds ids) and status class
/// (`2xx`...); never run ids.
package final class ServeMetrics: Sendable {
    package static let durationBuckets: [Double] = [0.1, 0.5, 1, 5, 15, 60, 300, 1800]
    package static let requestBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60]

    private struct State {
        var runs: [String: Int] = [:]
        var rowsLoaded: Int64 = 0
        var rowsRejected: Int64 = 0
        var durations = MetricHistogram(bounds: ServeMetrics.durationBuckets)
        var lastSuccess: [String: Double] = [:]
        /// Keyed by `method="..",route="..",status=".xx"`.
        var requests: [String: Int] = [:]
        /// Keyed by `method="..",route=".."`.
        var requestSeconds: [String: MetricHistogram] = [:]
    }

    private let state = Mutex(State())

    package init() {}

    /// Records a finished run.
    package func runFinished(status: String, job: String, rowsWritten: Int64, rowsRejected: Int64, seconds: Double, at time: Double) {
        state.withLock { state in
            state.runs[status, default: 0] += 1
            state.rowsLoaded += rowsWritten
            state.rowsRejected += rowsRejected
            state.durations.observe(seconds)
            if status == "completed" { state.lastSuccess[job] = time }
        }
    }

    /// Records one HTTP request by its route pattern (not its path, which may hold ids) and its
    /// status class.
    package func request(method: String, route: String, status: Int, seconds: Double) {
        let route = "method=\"\(Self.escape(method))\",route=\"\(Self.escape(route))\""
        let key = route + ",status=\"\(min(max(status / 100, 1), 5))xx\""
        state.withLock { state in
            state.requests[key, default: 0] += 1
            state.requestSeconds[route, default: MetricHistogram(bounds: Self.requestBuckets)].observe(seconds)
        }
    }

    /// The exposition text, with the gauges the caller reads from the queue.
    package func render(inProgress: Int, queueDepth: Int) -> String {
        let state = state.withLock { $0 }
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { out += name + sample.labels + " " + sample.value + "\n" }
        }
        family("ferry_runs_total", "counter", "Finished runs by status.",
               ["completed", "failed", "cancelled", "interrupted"].map { ("{status=\"\($0)\"}", String(state.runs[$0] ?? 0)) })
        family("ferry_rows_loaded_total", "counter", "Rows written by finished runs.", [("", String(state.rowsLoaded))])
        family("ferry_rows_rejected_total", "counter", "Rows rejected by finished runs.", [("", String(state.rowsRejected))])
        family("ferry_run_duration_seconds", "histogram", "Run durations, from start to end.", [])
        out += state.durations.lines("ferry_run_duration_seconds", labels: "")
        family("ferry_runs_in_progress", "gauge", "Runs executing now.", [("", String(inProgress))])
        family("ferry_queue_depth", "gauge", "Runs waiting for a slot.", [("", String(queueDepth))])
        family("ferry_last_success_timestamp_seconds", "gauge", "When each job last completed.",
               state.lastSuccess.keys.sorted().map { ("{job=\"\(Self.escape($0))\"}", String(state.lastSuccess[$0] ?? 0)) })
        family("ferry_http_requests_total", "counter", "HTTP requests by method, route pattern and status class.",
               state.requests.keys.sorted().map { ("{\($0)}", String(state.requests[$0] ?? 0)) })
        family("ferry_http_request_duration_seconds", "histogram", "Time to answer HTTP requests, by method and route pattern.", [])
        for key in state.requestSeconds.keys.sorted() {
            out += state.requestSeconds[key]?.lines("ferry_http_request_duration_seconds", labels: key) ?? ""
        }
        return out
    }

    /// A label value with `\`, `"` and newlines escaped as the text format requires.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
