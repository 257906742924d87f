import FerryCore

/// The human summary `ferry load` prints on stdout without `--json`.
enum Summary {
    static func render(_ r: RunResult) -> String {
        var lines: [String] = []
        let target = r.target.map(\.description) ?? "-"
        switch r.status {
        case .completed:
            lines.append("Loaded \(Format.rows(r.rowsWritten)) into \(target) in \(Format.seconds(r.durationSeconds)).")
        case .failed:
            lines.append("Load failed: \(r.error?.message ?? "unknown error")")
        }
        lines.append("  read      \(Format.rows(r.rowsRead)), \(Format.bytes(r.bytesRead))")
        lines.append("  written   \(Format.rows(r.rowsWritten))")
        lines.append("  rejected  \(Format.rows(r.rowsRejected))" + (r.rejectFile.map { " → \($0)" } ?? ""))
        if let mode = r.mode { lines.append("  mode      \(mode.rawValue)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
