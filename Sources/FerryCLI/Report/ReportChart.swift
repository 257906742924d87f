import FerryCore
import FerryEngine

/// The small inline SVG charts of the report: a bar of a share, a histogram of a numeric
/// column, the most frequent values of another. No script, no external asset.
enum ReportChart {
    static let width = 260
    static let height = 96

    /// A 160×14 bar filled to `share` (0...1), with the percentage after it.
    static func bar(_ share: Double, color: String) -> String {
        let clamped = min(max(share, 0), 1)
        let filled = Int((clamped * 160).rounded())
        let percent = (clamped * 1000).rounded() / 10
        return "<svg class=\"bar\" width=\"210\" height=\"14\" viewBox=\"0 0 210 14\" role=\"img\" aria-label=\"\(percent)%\"><rect width=\"160\" height=\"14\" fill=\"#eceff4\"/>"
            + "<rect width=\"\(filled)\" height=\"14\" fill=\"\(color)\"/><text x=\"166\" y=\"11\" font-size=\"11\">\(percent)%</text></svg>"
    }

    /// Vertical bars of `histogram`'s bins, the smallest and largest value under them.
    static func histogram(_ h: Histogram, lower: String, upper: String) -> String {
        let top = max(h.counts.max() ?? 1, 1)
        let plot = height - 18
        let step = Double(width) / Double(h.counts.count)
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"histogram of \(h.counts.count) bins from \(escape(lower)) to \(escape(upper))\">"
        for (i, n) in h.counts.enumerated() {
            let barHeight = n == 0 ? 0 : max(1, Int((Double(n) / Double(top) * Double(plot)).rounded()))
            let x = (Double(i) * step).rounded()
            let w = max(1, step.rounded() - 2)
            out += "<rect x=\"\(Int(x))\" y=\"\(plot - barHeight)\" width=\"\(Int(w))\" height=\"\(barHeight)\" fill=\"#5470c6\"><title>\(n)</title></rect>"
        }
        out += "<line x1=\"0\" y1=\"\(plot)\" x2=\"\(width)\" y2=\"\(plot)\" stroke=\"#9aa5b8\"/>"
        out += "<text x=\"0\" y=\"\(height - 4)\" font-size=\"11\">\(escape(clip(lower, 18)))</text>"
        out += "<text x=\"\(width)\" y=\"\(height - 4)\" font-size=\"11\" text-anchor=\"end\">\(escape(clip(upper, 18)))</text></svg>"
        return out
    }

    /// Horizontal bars of the (up to six) most frequent values with their counts.
    static func topValues(_ values: [(value: String, count: Int)]) -> String {
        let shown = Array(values.prefix(6))
        let rowHeight = 16
        let h = max(shown.count, 1) * rowHeight
        let top = max(shown.first?.count ?? 1, 1)
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(h)\" role=\"img\" aria-label=\"most frequent values\">"
        for (i, v) in shown.enumerated() {
            let y = i * rowHeight
            let w = max(1, Int((Double(v.count) / Double(top) * 110).rounded()))
            out += "<text x=\"0\" y=\"\(y + 12)\" font-size=\"11\">\(escape(clip(v.value.isEmpty ? "(empty)" : v.value, 17)))</text>"
            out += "<rect x=\"112\" y=\"\(y + 2)\" width=\"\(w)\" height=\"12\" fill=\"#5470c6\"/>"
            out += "<text x=\"\(116 + w)\" y=\"\(y + 12)\" font-size=\"11\">\(v.count)</text>"
        }
        return out + "</svg>"
    }

    /// `text` cut to `n` characters with `…`, control characters as spaces.
    static func clip(_ text: String, _ n: Int) -> String {
        let flat = String(text.map { $0.isASCII && ($0.asciiValue ?? 0x20) < 0x20 ? " " : $0 })
        return flat.count > n ? String(flat.prefix(n - 1)) + "…" : flat
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
