import FerryCore
import FerryEngine

/// `ferry inspect --report FILE`: the load report's page without checks (`ReportPage`), or with
/// a `.json` name the same JSON as `ferry inspect --json`.
struct InspectReportFile {
    var report: InspectReport
    var file: String

    /// Writes the report to `path`; the problem, if it failed.
    func write(to path: String) -> String? {
        let html = path.hasSuffix(".html") || path.hasSuffix(".htm")
        return ReportFile.write(html ? page.html : InspectOutput.json(report, file: file).serialized() + "\n", to: path)
    }

    var page: ReportPage {
        let profiled = report.rowsRead - report.rowsRejected
        return ReportPage(
            title: "Ferry profile: \(file)",
            summary: [
                ("File", file, .plain), ("Rows read", String(report.rowsRead), .plain),
                ("Rows Ferry would reject", String(report.rowsRejected), report.rowsRejected > 0 ? .warn : .good),
                ("Columns", String(report.schema.columns.count), .plain),
            ],
            checks: nil, rowsProfiled: profiled, columns: report.columns)
    }
}
