import FerryChecks
import FerryCore
import FerryPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ferry load --report FILE.json|FILE.html`: the run's result, every check with its counts and
/// failing samples, and per column the NULLs among the rows checked. The HTML file is
/// self-contained (inline CSS and SVG, no script, no external asset), so it opens air-gapped.
struct CheckReport {
    var result: RunResult
    var checks: CheckSuite?

    /// Writes the report to `path` (`.html` → HTML, otherwise JSON); the problem, if it failed.
    func write(to path: String) -> String? {
        let bytes = path.hasSuffix(".html") || path.hasSuffix(".htm") ? Array(html.utf8) : Array((json.serialized() + "\n").utf8)
        do throws(Errno) {
            var file = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC, permissions: 0o644)
            try file.writeAll(bytes)
            try file.close()
            return nil
        } catch {
            return "the report \(path) was not written: \(error.message)"
        }
    }

    var outcomes: [CheckOutcome] { checks?.outcomes ?? [] }

    var columns: [(name: String, type: String, nulls: Int)] {
        guard let checks else { return [] }
        return zip(checks.schemaColumns, checks.nullCounts).map { ($0.name, $0.type.name, $1) }
    }

    var json: JSONValue {
        .object([
            ("report_version", .int(1)),
            ("result", .object([("type", .string(result.status == .completed ? "run_completed" : "run_failed"))] + result.jsonMembers)),
            ("rows_checked", .int(checks?.rowsSeen ?? 0)),
            ("checks", .array(outcomes.map(\.json))),
            ("columns", .array(columns.map { c in
                .object([("name", .string(c.name)), ("type", .string(c.type)), ("nulls", .int(c.nulls))])
            })),
        ])
    }

    var html: String {
        let title = "Ferry report: \(result.job?.name ?? "run")"
        var out = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d2330}
        h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
        th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #dde2ea;vertical-align:top}th{background:#f3f5f9}
        .passed{color:#17663a}.warned{color:#8a5a00}.failed{color:#b3261e}.badge{font-weight:600}
        .summary td:first-child{width:12rem;color:#555}code{font-size:.9em}.num{text-align:right;font-variant-numeric:tabular-nums}
        </style></head><body>
        <h1>\(Self.escape(title))</h1>
        <table class="summary">
        """
        let failed = outcomes.filter { $0.status == .failed }.count
        let warned = outcomes.filter { $0.status == .warned }.count
        let rows: [(String, String)] = [
            ("Status", result.status.rawValue + (result.error.map { " (\($0.code.rawValue))" } ?? "")),
            ("Source", result.source?.displayURI ?? ""), ("Target", result.target?.objectName ?? ""),
            ("Rows read", String(result.rowsRead)), ("Rows written", String(result.rowsWritten)),
            ("Rows rejected", String(result.rowsRejected) + (result.rejectFile.map { " → \($0)" } ?? "")),
            ("Checks", "\(outcomes.count - failed - warned) passed, \(warned) warned, \(failed) failed"),
        ]
        for (k, v) in rows { out += "<tr><td>\(Self.escape(k))</td><td>\(Self.escape(v))</td></tr>\n" }
        out += "</table>\n<h2>Checks</h2>\n<table><tr><th>Check</th><th>Rule</th><th>Column</th><th>Severity</th><th>Status</th><th class=\"num\">Evaluated</th><th class=\"num\">Failing</th><th>Failing share</th><th>Samples (line: value)</th></tr>\n"
        for o in outcomes {
            let share = o.evaluated > 0 ? Double(o.failing) / Double(o.evaluated) : (o.failing > 0 ? 1 : 0)
            let samples = o.samples.map { s in "\(s.line.map(String.init) ?? "–"): \(s.value ?? "NULL")" }.joined(separator: "\n")
            out += "<tr><td>\(Self.escape(o.name))</td><td><code>\(o.rule)</code></td><td>\(Self.escape(o.columns.joined(separator: ", ")))</td>"
            out += "<td>\(o.severity)</td><td class=\"badge \(o.status.rawValue)\">\(o.status.rawValue)</td>"
            out += "<td class=\"num\">\(o.evaluated)</td><td class=\"num\">\(o.failing)</td><td>\(Self.bar(share, color: o.status == .passed ? "#2e8b57" : o.status == .warned ? "#d99a00" : "#c62828"))</td>"
            out += "<td><pre style=\"margin:0;white-space:pre-wrap\">\(Self.escape(samples))</pre></td></tr>\n"
        }
        out += "</table>\n<h2>Columns</h2>\n<table><tr><th>Column</th><th>Type</th><th class=\"num\">NULLs</th><th>NULL share of \(checks?.rowsSeen ?? 0) rows checked</th></tr>\n"
        let total = max(checks?.rowsSeen ?? 0, 1)
        for c in columns {
            out += "<tr><td>\(Self.escape(c.name))</td><td><code>\(Self.escape(c.type))</code></td><td class=\"num\">\(c.nulls)</td><td>\(Self.bar(Double(c.nulls) / Double(total), color: "#5470c6"))</td></tr>\n"
        }
        out += "</table>\n<p style=\"color:#777;font-size:.85em\">Samples show failing values from the data. Generated by ferry \(Self.escape(FerryVersion.current)).</p>\n</body></html>\n"
        return out
    }

    /// A 160×14 inline SVG bar filled to `share` (0...1), with the percentage after it.
    static func bar(_ share: Double, color: String) -> String {
        let clamped = min(max(share, 0), 1)
        let width = Int((clamped * 160).rounded())
        let percent = (clamped * 1000).rounded() / 10
        return "<svg width=\"210\" height=\"14\" role=\"img\" aria-label=\"\(percent)%\"><rect width=\"160\" height=\"14\" fill=\"#eceff4\"/>"
            + "<rect width=\"\(width)\" height=\"14\" fill=\"\(color)\"/><text x=\"166\" y=\"11\" font-size=\"11\">\(percent)%</text></svg>"
    }

    /// `text` with `& < > "` as entities.
    static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
