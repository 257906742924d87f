/// Where things live under `--data DIR`: the history database, the targets file, each user's
/// upload area and each run's directory (events, stderr, reject file).
package struct DataLayout: Sendable {
    package var root: String

    package init(root: String) { self.root = root }

    package var databasePath: String { root + "/ferry-serve.db" }
    package var targetsPath: String { root + "/targets.json" }
    package var uploadsRoot: String { root + "/uploads" }
    package var runsRoot: String { root + "/runs" }

    /// A user's upload area (user names are checked to be plain names when they are added).
    package func uploadDirectory(_ user: String) -> String { uploadsRoot + "/" + user }
    package func runDirectory(_ id: String) -> String { runsRoot + "/" + id }
    package func eventsPath(_ id: String) -> String { runDirectory(id) + "/events.jsonl" }
    /// The run's quality report (`ferry run --report`), self-contained HTML.
    package func reportPath(_ id: String) -> String { runDirectory(id) + "/" + Self.reportName }
    package static let reportName = "report.html"
}
