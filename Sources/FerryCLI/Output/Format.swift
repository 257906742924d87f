/// Number formatting for humans.
enum Format {
    /// `1,204,332`.
    static func count(_ n: Int) -> String {
        let digits = Array(String(abs(n)))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `1 row`, `0 rows`, `1,204,332 rows`.
    static func rows(_ n: Int) -> String {
        count(n) + (n == 1 ? " row" : " rows")
    }

    /// `86.1 MB`.
    static func bytes(_ n: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(n)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(n) B" : "\(decimal(value, 1)) \(units[unit])"
    }

    /// `0.42 s`, `12.3 s`, `2 min 5 s`.
    static func seconds(_ s: Double) -> String {
        if s < 10 { return decimal(s, 2) + " s" }
        if s < 120 { return decimal(s, 1) + " s" }
        return "\(Int(s) / 60) min \(Int(s) % 60) s"
    }

    /// Fixed decimals without Foundation.
    static func decimal(_ v: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((v * scale).rounded())
        let whole = scaled / Int(scale)
        let frac = String(abs(scaled) % Int(scale))
        return places == 0 ? String(whole) : "\(whole).\(String(repeating: "0", count: places - frac.count))\(frac)"
    }
}
