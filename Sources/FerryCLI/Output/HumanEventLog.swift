import FerryCore
import Synchronization

/// Renders a run's events as human lines on stderr, with a progress bar when stderr is a terminal
/// and a progress line every few seconds otherwise (orchestrator logs).
final class HumanEventLog: EventSink {
    private let log: Log
    /// Whether to log the outcome of a completed run (not when a summary follows on stdout).
    private let logsCompletion: Bool
    private let lastProgressLine = Mutex(0.0)
    static let plainProgressInterval = 5.0

    init(log: Log, logsCompletion: Bool) {
        self.log = log
        self.logsCompletion = logsCompletion
    }

    func receive(_ event: Event) {
        let f = Fields(event.fields)
        switch event.type {
        case .runStarted:
            log.info("loading \(Describe.endpoint(f["source"])) → \(Describe.endpoint(f["target"])) (\(f.string("mode") ?? "create"))")
        case .schemaResolved:
            let columns = f.array("columns")
            let listed = columns.prefix(12).map { c in "\(Fields(c).string("name") ?? "?") \(Fields(c).string("type") ?? "?")" }
            let more = columns.count > 12 ? ", … \(columns.count - 12) more" : ""
            let scanned = Fields(f["inference"]).int("rows_scanned") ?? 0
            let how = scanned > 0 ? " (types inferred from \(Format.count(scanned)) rows)" : ""
            log.info("\(columns.count) columns\(how): \(listed.joined(separator: ", "))\(more)")
        case .progress:
            guard log.enabled(.info) else { return }
            let p = Progress(
                phase: Progress.Phase(rawValue: f.string("phase") ?? "load") ?? .load,
                rowsRead: f.int("rows_read") ?? 0, rowsWritten: f.int("rows_written") ?? 0,
                rowsRejected: f.int("rows_rejected") ?? 0, bytesRead: f.int("bytes_read") ?? 0,
                totalBytes: f.int("total_bytes"), elapsedSeconds: 0)
            if log.onTerminal {
                StandardStream.err.write(ProgressBar.render(p, bytesPerSecond: f.int("bytes_per_second") ?? 0))
            } else {
                let now = Clock.monotonicSeconds()
                let due = lastProgressLine.withLock { last in
                    guard now - last >= Self.plainProgressInterval else { return false }
                    last = now
                    return true
                }
                if due {
                    log.info("\(p.phase == .infer ? "inferring" : "loading"): \(Format.count(p.rowsRead)) rows, \(Format.bytes(p.bytesRead)) read")
                }
            }
        case .warning:
            log.warning(f.string("message") ?? "")
        case .rowsRejected:
            let samples = f.array("samples").prefix(3).map { s -> String in
                let sf = Fields(s)
                let column = sf.string("column").map { ", column \"\($0)\"" } ?? ""
                return "line \(sf.int("line") ?? 0)\(column): \(sf.string("reason") ?? "")"
            }
            log.warning("\(f.int("count") ?? 0) row(s) rejected (\(f.int("total") ?? 0) so far, in \(f.string("reject_file") ?? "the reject file")): \(samples.joined(separator: "; "))")
        case .runCompleted:
            guard logsCompletion else { return }
            let target = Describe.endpoint(f["target"])
            let rejected = f.int("rows_rejected") ?? 0
            log.info("done: \(Format.count(f.int("rows_written") ?? 0)) rows written to \(target) in \(Format.seconds(Double(f.int("duration_ms") ?? 0) / 1000))" + (rejected > 0 ? ", \(Format.count(rejected)) rejected (\(f.string("reject_file") ?? ""))" : ""))
        case .runFailed:
            let e = Fields(f["error"])
            let issues = e.array("issues").map { Fields($0) }
            if issues.isEmpty {
                log.error("\(e.string("message") ?? "the run failed") [\(e.string("code") ?? "error")]")
            } else {
                log.error("invalid request: \(issues.count) problem\(issues.count == 1 ? "" : "s"), nothing was touched [invalid_request]")
                for issue in issues { log.error("  \(issue.string("path") ?? "$"): \(issue.string("message") ?? "")") }
            }
        }
    }
}
