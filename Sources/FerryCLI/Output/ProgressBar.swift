import FerryCore

/// A one-line progress bar on a terminal's stderr, redrawn in place.
struct ProgressBar {
    /// Returns to the start of the line and erases it (ANSI CSI 2K).
    static let clearLine = "\r\u{1B}[2K"

    static let width = 28

    /// The bar for a progress event: `[#########-------]  34%  1,204,332 rows  86.1 MB/s`.
    static func render(_ p: Progress) -> String {
        var line = p.phase == .infer ? "inferring " : "loading   "
        if let total = p.totalBytes, total > 0 {
            let fraction = min(1, Double(p.bytesRead) / Double(total))
            let filled = Int(fraction * Double(width))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            line += pad(String(Int(fraction * 100)), 3) + "%  "
        }
        line += Format.count(p.rowsRead) + " rows  " + Format.bytes(Int(p.bytesPerSecond.rounded())) + "/s"
        if p.rowsRejected > 0 { line += "  " + Format.count(p.rowsRejected) + " rejected" }
        return clearLine + line
    }

    private static func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
}
