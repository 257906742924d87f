/// A bounded uniform sample of a column's numbers (reservoir sampling, algorithm R, with a fixed
/// seed so a profile is reproducible), the exact count and extremes, and the few most extreme
/// values with their lines. Exact while the column has at most `capacity` values.
struct NumericSample: Sendable {
    static let capacity = 16_384
    static let extremesKept = 5

    private(set) var values: [Double] = []
    private(set) var seen = 0
    /// NaN and infinities (not sampled: they have no place on an axis).
    private(set) var nonFinite = 0
    private(set) var lowest: [(value: Double, line: Int)] = []
    private(set) var highest: [(value: Double, line: Int)] = []
    private var state: UInt64 = 0x2545_F491_4F6C_DD1D

    var isExact: Bool { seen <= Self.capacity }
    var min: Double? { lowest.first?.value }
    var max: Double? { highest.first?.value }

    mutating func add(_ x: Double, line: Int) {
        guard x.isFinite else { nonFinite += 1; return }
        seen += 1
        if values.count < Self.capacity {
            values.append(x)
        } else {
            let slot = Int(next() % UInt64(seen))
            if slot < Self.capacity { values[slot] = x }
        }
        Self.keep(&lowest, (x, line)) { $0 < $1 }
        Self.keep(&highest, (x, line)) { $0 > $1 }
    }

    /// xorshift64*: enough for sampling, no global state.
    private mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// Keeps the `extremesKept` first entries of `list` by `before`, first-seen first among equals.
    private static func keep(_ list: inout [(value: Double, line: Int)], _ entry: (Double, Int), before: (Double, Double) -> Bool) {
        if list.count == extremesKept, let last = list.last, !before(entry.0, last.value) { return }
        var i = list.count
        while i > 0, before(entry.0, list[i - 1].value) { i -= 1 }
        list.insert((entry.0, entry.1), at: i)
        if list.count > extremesKept { list.removeLast() }
    }
}
