import FerryChecks
import FerryCore
import FerryEngine
import FerryPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ferry load --report FILE.json|FILE.html`: the run's result, every check with its counts and
/// failing samples, and per column its profile (`ProfileStage`: chart, NULLs, distinct values,
/// min/max, formats, outliers). The HTML page (`ReportPage`) is self-contained (inline CSS and
/// SVG, no script, no external asset), so it opens air-gapped.
struct CheckReport {
    var result: RunResult
    var checks: CheckSuite?
    /// The rows profiled and the findings per column; nil when the run ended before its schema.
    var profile: (rows: Int, columns: [ColumnFindings])? = nil

    /// Writes the report to `path` (`.html` → HTML, otherwise JSON); the problem, if it failed.
    func write(to path: String) -> String? {
        ReportFile.write(path.hasSuffix(".html") || path.hasSuffix(".htm") ? page.html : json.serialized() + "\n", to: path)
    }

    var outcomes: [CheckOutcome] { checks?.outcomes ?? [] }

    /// Name, type and NULLs of each column: the profile's, else the checks' counts.
    var columns: [(name: String, type: String, nulls: Int)] {
        if let profile { return profile.columns.map { ($0.name, $0.type.name, $0.profile.nulls) } }
        guard let checks else { return [] }
        return zip(checks.schemaColumns, checks.nullCounts).map { ($0.name, $0.type.name, $1) }
    }

    var json: JSONValue {
        let findings = profile?.columns
        return .object([
            ("report_version", .int(1)),
            ("result", .object([("type", .string(result.status == .completed ? "run_completed" : "run_failed"))] + result.jsonMembers)),
            ("rows_checked", .int(checks?.rowsSeen ?? 0)),
            ("rows_profiled", .int(profile?.rows ?? 0)),
            ("checks", .array(outcomes.map(\.json))),
            ("columns", .array(columns.enumerated().map { i, c in
                var m: [(key: String, value: JSONValue)] = [("name", .string(c.name)), ("type", .string(c.type)), ("nulls", .int(c.nulls))]
                if let f = findings?[i] {
                    m += [("count", .int(f.profile.count)), ("min", f.profile.min.map(JSONValue.string) ?? .null),
                          ("max", f.profile.max.map(JSONValue.string) ?? .null)] + f.jsonMembers
                }
                return .object(m)
            })),
        ])
    }

    var page: ReportPage {
        let failed = outcomes.filter { $0.status == .failed }.count
        let warned = outcomes.filter { $0.status == .warned }.count
        let status: ReportPage.Tone = result.status == .completed ? .good : .bad
        var summary: [(label: String, value: String, tone: ReportPage.Tone)] = [
            ("Status", result.status.rawValue + (result.error.map { " (\($0.code.rawValue))" } ?? ""), status),
            ("Source", result.source?.displayURI ?? "", .plain), ("Target", result.target?.objectName ?? "", .plain),
            ("Rows read", String(result.rowsRead), .plain), ("Rows written", String(result.rowsWritten), .plain),
            ("Rows rejected", String(result.rowsRejected) + (result.rejectFile.map { " → \($0)" } ?? ""), result.rowsRejected > 0 ? .warn : .plain),
        ]
        if checks != nil {
            summary.append(("Checks", "\(outcomes.count - failed - warned) passed, \(warned) warned, \(failed) failed",
                            failed > 0 ? .bad : warned > 0 ? .warn : .good))
        }
        var page = ReportPage(title: "Ferry report: \(result.job?.name ?? "run")", summary: summary, checks: checks == nil ? nil : outcomes,
                              rowsProfiled: profile?.rows ?? checks?.rowsSeen ?? 0, columns: profile?.columns ?? [])
        if profile == nil { page.nullsOnly = columns }
        return page
    }

    /// The whole HTML page.
    var html: String { page.html }
}
