import Foundation

/// Retention: uploads older than `uploadRetention`, and the logs (events and stderr) of runs that
/// finished longer than `logRetention` ago, are deleted; history rows are kept. `now` is injected
/// so tests move the clock instead of waiting.
package struct Sweeper: Sendable {
    package var layout: DataLayout
    package var store: ServeStore
    /// Seconds an uploaded file is kept (default 7 days).
    package var uploadRetention: Int64 = 7 * 86_400
    /// Seconds a finished run's logs are kept (default 3 hours).
    package var logRetention: Int64 = 3 * 3_600

    package init(layout: DataLayout, store: ServeStore) {
        self.layout = layout
        self.store = store
    }

    /// What one sweep deleted.
    package struct Outcome: Sendable, Equatable {
        package var uploads = 0
        package var runLogs = 0
    }

    /// Deletes what is past its retention at `now` (milliseconds since 1970).
    package func sweep(now: Int64) throws -> Outcome {
        var outcome = Outcome()
        let files = FileManager.default
        let cutoff = Date(timeIntervalSince1970: Double(now) / 1000 - Double(uploadRetention))
        for user in (try? files.contentsOfDirectory(atPath: layout.uploadsRoot)) ?? [] {
            let area = layout.uploadDirectory(user)
            for name in (try? files.contentsOfDirectory(atPath: area)) ?? [] {
                let path = area + "/" + name
                let attributes = try? files.attributesOfItem(atPath: path)
                if let modified = attributes?[.modificationDate] as? Date, modified < cutoff {
                    try files.removeItem(atPath: path)
                    outcome.uploads += 1
                }
            }
        }
        for id in try store.runsWithLogs(finishedBefore: now - logRetention * 1000) {
            var removed = false
            for name in ["events.jsonl", "stderr.log"] {
                let path = layout.runDirectory(id) + "/" + name
                if files.fileExists(atPath: path) {
                    try files.removeItem(atPath: path)
                    removed = true
                }
            }
            if removed { outcome.runLogs += 1 }
        }
        return outcome
    }
}
