import Foundation

/// What `ferry inspect FILE --json` says about an uploaded file, shaped for the "New load" page:
/// the inferred columns and a few sample values of each, laid out as rows.
package struct InspectSummary: Sendable {
    /// Each column's name, inferred type and NULL count.
    package var columns: [(name: String, type: String, nulls: Int)]
    /// `samples[row][column]`: the inspect samples of each column side by side ("" where a column
    /// has fewer).
    package var samples: [[String]]
    package var rowsRead: Int

    /// Parses the inspect JSON; nil when it is not inspect output.
    package init?(json: JSONValue) {
        guard let columns = json["columns"]?.array else { return nil }
        var parsed: [(name: String, type: String, nulls: Int)] = []
        var values: [[String]] = []
        for column in columns {
            guard let name = column["name"]?.string else { return nil }
            parsed.append((name, column["type"]?.string ?? "text", Int(column["nulls"]?.int ?? 0)))
            values.append((column["samples"]?.array ?? []).compactMap(\.string))
        }
        let depth = min(5, values.map(\.count).max() ?? 0)
        self.columns = parsed
        samples = (0..<depth).map { row in values.map { row < $0.count ? $0[row] : "" } }
        rowsRead = Int(json["rows_read"]?.int ?? 0)
    }

    /// Runs `ferry inspect NAME --json` in `directory` (the caller's upload area) as a child, like
    /// runs, and reads its output; `limitSeconds` bounds it (SIGTERM after).
    package static func inspect(ferry: String, name: String, directory: String, stderrPath: String,
                                limitSeconds: Int = 60) async throws(ServeError) -> InspectSummary {
        let child: ChildRun
        do {
            child = try ChildRun(ferry: ferry, arguments: ["inspect", name, "--json", "--infer-rows", "100000", "--quiet"],
                                 request: "", directory: directory, stderrPath: stderrPath)
        } catch {
            throw ServeError(500, "inspect", "ferry inspect could not start")
        }
        let timer = Task {
            try await Task.sleep(for: .seconds(limitSeconds))
            child.terminate()
        }
        var output = ""
        var status: Int32 = -1
        for await event in child.lines {
            switch event {
            case .line(let line): output += line
            case .exited(let code, _): status = code
            }
        }
        timer.cancel()
        // Its stderr only matters while it runs; the answer below says what went wrong.
        try? FileManager.default.removeItem(atPath: stderrPath)
        guard status == 0, let json = JSONValue.parse(Array(output.utf8)), let summary = InspectSummary(json: json) else {
            throw ServeError(422, "inspect_failed", "ferry inspect could not read the file (is it CSV, TSV or JSON lines?)")
        }
        return summary
    }
}
