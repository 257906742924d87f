/// A Prometheus histogram's state: cumulative bucket counts, sum and count.
struct MetricHistogram: Sendable {
    let bounds: [Double]
    private(set) var counts: [Int]
    private(set) var sum = 0.0
    private(set) var count = 0

    init(bounds: [Double]) {
        self.bounds = bounds
        counts = [Int](repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        for (index, bound) in bounds.enumerated() where value <= bound { counts[index] += 1 }
        sum += value
        count += 1
    }

    /// The `_bucket`, `_sum` and `_count` lines of `name`, with `labels` (`a="b",c="d"`, or empty).
    func lines(_ name: String, labels: String) -> String {
        let prefix = labels.isEmpty ? "" : labels + ","
        var out = ""
        for (index, bound) in bounds.enumerated() {
            out += "\(name)_bucket{\(prefix)le=\"\(Self.number(bound))\"} \(counts[index])\n"
        }
        out += "\(name)_bucket{\(prefix)le=\"+Inf\"} \(count)\n"
        let braces = labels.isEmpty ? "" : "{\(labels)}"
        out += "\(name)_sum\(braces) \(sum)\n\(name)_count\(braces) \(count)\n"
        return out
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
