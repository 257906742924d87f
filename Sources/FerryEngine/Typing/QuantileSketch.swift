/// Quantiles of a number column in fixed memory: a uniform random sample of the values
/// (reservoir sampling, Vitter's Algorithm R, `capacity` doubles = 32 KiB) with a fixed seed, so
/// the same input gives the same quantiles. Exact while the column has at most `capacity` values;
/// beyond, the rank of a reported quantile is within ±2.5 % of the asked one with probability
/// above 99.5 % (Dvoretzky–Kiefer–Wolfowitz: P(sup |F̂ − F| > ε) ≤ 2·exp(−2·n·ε²), n = 4096,
/// ε = 0.025 gives 0.0012 for every quantile at once).
struct QuantileSketch: Sendable {
    static let capacity = 4096

    private(set) var seen = 0
    private var sample: [Double] = []
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func add(_ x: Double) {
        guard !x.isNaN else { return }
        seen += 1
        if sample.count < Self.capacity {
            sample.append(x)
            return
        }
        let slot = Int(next() % UInt64(seen))
        if slot < Self.capacity { sample[slot] = x }
    }

    /// xorshift64*: cheap, deterministic, good enough to pick reservoir slots.
    private mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// The value at each quantile of `qs` (0...1; nearest rank), or empty without values.
    func quantiles(_ qs: [Double]) -> [ColumnProfile.Quantile] {
        guard !sample.isEmpty else { return [] }
        let sorted = sample.sorted()
        return qs.map { q in
            let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
            return ColumnProfile.Quantile(q: q, value: sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)])
        }
    }
}
