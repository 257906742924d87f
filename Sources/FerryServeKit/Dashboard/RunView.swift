/// A run as the dashboard's templates show it: every value already a display string.
package enum RunView {
    /// The members the runs list and the run page use.
    package static func summary(_ run: RunRecord, now: Int64) -> [String: Any] {
        let created = RunRecord.iso(run.createdAt)
        var view: [String: Any] = [
            "id": run.id, "status": run.status.rawValue, "job": run.job, "user": run.user,
            "created": created, "createdShort": short(created),
            "rowsWritten": run.rowsWritten.map(String.init) ?? "–",
            "rowsRejected": run.rowsRejected.map(String.init) ?? "–",
            "duration": duration(run, now: now),
        ]
        if let retryOf = run.retryOf { view["retryOf"] = retryOf }
        return view
    }

    /// `summary` plus the request's target, mode and source and the failure message, if any.
    package static func detail(_ run: RunRecord, now: Int64, hasReport: Bool) -> [String: Any] {
        var view = summary(run, now: now)
        let target = run.request["target"]
        view["target"] = [target?["name"]?.string, target?["schema"]?.string, target?["table"]?.string]
            .compactMap { $0 }.joined(separator: " · ")
        view["mode"] = run.request["mode"]?.string ?? "–"
        view["source"] = run.request["source"]?["path"]?.string.map(lastComponent) ?? "–"
        view["live"] = run.status.isFinal ? "false" : "true"
        view["done"] = run.status.isFinal
        view["progressText"] = run.status.isFinal ? run.status.rawValue : "waiting for events"
        view["hasRejects"] = run.rejectFile != nil
        view["hasReport"] = hasReport
        view["canCancel"] = !run.status.isFinal
        view["canRetry"] = run.status.isFinal
        if let message = run.result?["error"]?["message"]?.string { view["error"] = message }
        return view
    }

    /// One line of the events timeline.
    package static func event(_ line: String) -> [String: Any]? {
        guard let event = JSONValue.parse(Array(line.utf8)), let type = event["type"]?.string else { return nil }
        let time = event["time"]?.string ?? ""
        let clock = time.count >= 23 ? String(time.dropFirst(11).prefix(12)) : time
        var summary = ""
        switch type {
        case "progress":
            summary = "\(event["rows_read"]?.int ?? 0) read, \(event["rows_written"]?.int ?? 0) written"
        case "run_completed":
            summary = "\(event["rows_written"]?.int ?? 0) rows written, \(event["rows_rejected"]?.int ?? 0) rejected"
        case "run_failed":
            summary = event["error"]?["message"]?.string ?? "failed"
        case "rows_rejected":
            summary = "\(event["count"]?.int ?? 0) rows rejected"
        case "warning":
            summary = event["message"]?.string ?? event["code"]?.string ?? ""
        case "schema_resolved":
            summary = (event["columns"]?.array ?? []).compactMap { column in
                column["name"]?.string.map { "\($0) \(column["type"]?.string ?? "")" }
            }.joined(separator: ", ")
        default:
            break
        }
        return ["type": type, "time": clock, "summary": summary]
    }

    /// `2026-12-05T03:22:32.613Z` → `2026-12-05 03:22`.
    static func short(_ iso: String) -> String {
        iso.count >= 16 ? String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) : iso
    }

    static func duration(_ run: RunRecord, now: Int64) -> String {
        guard let started = run.startedAt else { return "–" }
        let milliseconds = (run.finishedAt ?? now) - started
        if milliseconds < 10_000 { return String(Double(milliseconds / 10) / 100) + " s" }
        let seconds = milliseconds / 1000
        return seconds < 3600 ? "\(seconds / 60) min \(seconds % 60) s" : "\(seconds / 3600) h \(seconds % 3600 / 60) min"
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
