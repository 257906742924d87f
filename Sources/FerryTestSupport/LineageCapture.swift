import Foundation

/// Keeps the OpenLineage events a test saw, one JSON per line, in `$FERRY_LINEAGE_CAPTURE`
/// (scripts/test.sh sets it), so the Python suite can validate every event the Swift tests made
/// against the official OpenLineage schemas. Does nothing when the variable is unset.
package enum LineageCapture {
    /// Appends `events` (JSON texts) to a file named after `test`.
    package static func keep(_ events: [String], test: String) {
        guard let dir = ProcessInfo.processInfo.environment["FERRY_LINEAGE_CAPTURE"], !dir.isEmpty, !events.isEmpty else { return }
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let name = test.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString + ".jsonl"
        let text = events.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n") + "\n"
        FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(text.utf8))
    }
}
