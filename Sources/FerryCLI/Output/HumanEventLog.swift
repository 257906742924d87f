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
    /// Columns named in the `schema_resolved` line; the rest are counted.
    static let listedColumns = 12
    /// Rejected-row reasons named in a `rows_rejected` line.
    static let listedRejects = 3

    init(log: Log, logsCompletion: Bool) {
        self.log = log
        self.logsCompletion = logsCompletion
    }

    func receive(_ event: Event) {
        switch event.payload {
        case let .runStarted(s):
            log.info("loading \(s.source) → \(s.target) (\(s.mode.rawValue))")
        case let .schemaResolved(s):
            let columns = s.schema.columns
            let listed = columns.prefix(Self.listedColumns).map { "\($0.name) \($0.type.name)" }
            let more = columns.count > Self.listedColumns ? ", … \(columns.count - Self.listedColumns) more" : ""
            let how = s.rowsScanned == 0 ? ""
                : s.checked ? " (types inferred from the first \(Format.rows(s.rowsScanned)), checked in every later row)"
                : " (types inferred from \(Format.rows(s.rowsScanned)))"
            log.info("\(columns.count) column\(columns.count == 1 ? "" : "s")\(how): \(listed.joined(separator: ", "))\(more)")
        case let .progress(p):
            progress(p)
        case let .warning(w):
            log.warning(w.message)
        case let .schemaChanged(s):
            let changes = s.changes.map { "\($0.change.rawValue) \($0.column)\($0.to.map { " \($0)" } ?? "")" }
            log.info("table \(s.table) changes (\(s.policy.rawValue)): \(changes.joined(separator: ", "))")
        case let .rowsRejected(r):
            let samples = r.samples.prefix(Self.listedRejects).map { s in
                "\(s.file.map { "\($0) " } ?? "")line \(s.line)\(s.column.map { ", column \"\($0)\"" } ?? ""): \(s.reason)"
            }
            log.warning("\(Format.rows(r.count)) rejected (\(Format.count(r.total)) so far, in \(r.rejectFile ?? "the reject file")): \(samples.joined(separator: "; "))")
        case let .retrying(r):
            log.warning("attempt \(r.attempt - 1) of \(r.maxAttempts) failed (\(r.error.code.rawValue), stage \(r.error.stage.rawValue)): \(r.error.message); rolled back, starting over in \(Format.seconds(Double(r.delayMillis) / 1000))")
        case let .checkpoint(c):
            log.info(c.resumed ? "resuming from checkpoint: \(Format.rows(c.rowsStaged)) staged in \(Format.count(c.chunks)) chunks, up to line \(Format.count(c.lastLine))"
                               : "chunk \(Format.count(c.chunks)) committed: \(Format.rows(c.rowsStaged)) staged")
        case let .checksCompleted(c):
            for check in c.checks where check.status != .passed {
                log.warning("check \(check.name) \(check.status.rawValue): \(Format.count(check.failing)) failing of \(Format.count(check.evaluated))")
            }
            log.info("checks: \(c.count(.passed)) passed, \(c.count(.warned)) warned, \(c.count(.failed)) failed")
        case let .runCompleted(r):
            guard logsCompletion else {
                // The summary follows on stdout: the bar must not stay on the terminal above it.
                if log.onTerminal && log.enabled(.info) { log.bar(ProgressBar.clearLine) }
                return
            }
            let target = r.target.map(\.description) ?? "?"
            let rejected = r.rowsRejected > 0 ? ", \(Format.count(r.rowsRejected)) rejected (\(r.rejectFile ?? ""))" : ""
            log.info("done: \(Format.rows(r.rowsWritten)) written to \(target) in \(Format.seconds(Double(r.durationMillis) / 1000))\(rejected)")
        case let .runFailed(r):
            failed(r.error)
        }
    }

    /// A bar redrawn in place on a terminal; otherwise a line every `plainProgressInterval`.
    private func progress(_ p: Progress) {
        guard log.enabled(.info) else { return }
        if log.onTerminal {
            log.bar(ProgressBar.render(p))
            return
        }
        let now = Clock.monotonicSeconds()
        let due = lastProgressLine.withLock { last in
            guard now - last >= Self.plainProgressInterval else { return false }
            last = now
            return true
        }
        if due {
            log.info("\(p.phase == .infer ? "inferring" : "loading"): \(Format.rows(p.rowsRead)), \(Format.bytes(p.bytesRead)) read")
        }
    }

    /// The error, or every problem of an invalid request.
    private func failed(_ error: FerryError?) {
        guard let error else {
            log.error("the run failed [error]")
            return
        }
        if error.issues.isEmpty {
            log.error("\(error.message) [\(error.code.rawValue)]")
        } else {
            let n = error.issues.count
            log.error("invalid request: \(n) problem\(n == 1 ? "" : "s"), nothing was touched [invalid_request]")
            for issue in error.issues { log.error("  \(issue.path): \(issue.message)") }
        }
    }
}
