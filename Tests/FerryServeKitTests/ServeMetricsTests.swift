@testable import FerryServeKit
import Testing

@Suite("Prometheus metrics")
struct ServeMetricsTests {
    @Test("run durations are a cumulative histogram with +Inf, sum and count")
    func runHistogram() {
        let metrics = ServeMetrics()
        metrics.runFinished(status: "completed", job: "load_a", rowsWritten: 3, rowsRejected: 1, seconds: 0.3, at: 10)
        metrics.runFinished(status: "failed", job: "load_a", rowsWritten: 0, rowsRejected: 0, seconds: 20, at: 11)
        let text = metrics.render(inProgress: 0, queueDepth: 0)
        #expect(text.contains("# TYPE ferry_run_duration_seconds histogram\n"))
        #expect(text.contains("ferry_run_duration_seconds_bucket{le=\"0.1\"} 0\n"))
        #expect(text.contains("ferry_run_duration_seconds_bucket{le=\"0.5\"} 1\n"))
        #expect(text.contains("ferry_run_duration_seconds_bucket{le=\"60\"} 2\n"))
        #expect(text.contains("ferry_run_duration_seconds_bucket{le=\"+Inf\"} 2\n"))
        #expect(text.contains("ferry_run_duration_seconds_count 2\n"))
        #expect(text.contains("ferry_run_duration_seconds_sum 20.3\n"))
    }

    @Test("HTTP requests are counted by method, route pattern and status class, with a duration histogram per route")
    func httpMetrics() {
        let metrics = ServeMetrics()
        metrics.request(method: "GET", route: "/api/v1/runs/{id}", status: 200, seconds: 0.002)
        metrics.request(method: "GET", route: "/api/v1/runs/{id}", status: 204, seconds: 0.2)
        metrics.request(method: "GET", route: "/api/v1/runs/{id}", status: 404, seconds: 0.001)
        let text = metrics.render(inProgress: 1, queueDepth: 2)
        #expect(text.contains("ferry_http_requests_total{method=\"GET\",route=\"/api/v1/runs/{id}\",status=\"2xx\"} 2\n"))
        #expect(text.contains("ferry_http_requests_total{method=\"GET\",route=\"/api/v1/runs/{id}\",status=\"4xx\"} 1\n"))
        #expect(text.contains("# TYPE ferry_http_request_duration_seconds histogram\n"))
        #expect(text.contains("ferry_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/runs/{id}\",le=\"0.005\"} 2\n"))
        #expect(text.contains("ferry_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/runs/{id}\",le=\"+Inf\"} 3\n"))
        #expect(text.contains("ferry_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/runs/{id}\"} 3\n"))
        #expect(text.contains("ferry_runs_in_progress 1\n") && text.contains("ferry_queue_depth 2\n"))
    }
}
