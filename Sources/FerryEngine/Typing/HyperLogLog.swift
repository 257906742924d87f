/// A HyperLogLog distinct-count sketch with 2^14 one-byte registers (16 KiB, ~0.8 % standard
/// error), estimated with Ertl's improved raw estimator, which needs no bias tables and is
/// accurate from a handful of values to billions (O. Ertl, "New cardinality estimation
/// algorithms for HyperLogLog sketches", 2017, algorithms 4–6).
struct HyperLogLog: Sendable {
    static let precision = 14
    /// Hash bits left for the rank after the register index.
    private static let rankBits = 64 - precision
    private var registers: [UInt8]

    init() { registers = Array(repeating: 0, count: 1 << Self.precision) }

    /// Adds a 64-bit hash of a value (equal values must give equal hashes).
    @inline(__always)
    mutating func add(hash: UInt64) {
        let index = Int(truncatingIfNeeded: hash >> UInt64(Self.rankBits))
        let rest = hash << UInt64(Self.precision)
        let rank = UInt8(min(rest.leadingZeroBitCount, Self.rankBits) + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    /// The estimated number of distinct values added.
    var estimate: Double {
        let q = Self.rankBits
        var histogram = Array(repeating: 0, count: q + 2)
        for r in registers { histogram[Int(r)] += 1 }
        let m = Double(registers.count)
        var z = m * Self.tau(1 - Double(histogram[q + 1]) / m)
        for k in stride(from: q, through: 1, by: -1) { z = 0.5 * (z + Double(histogram[k])) }
        z += m * Self.sigma(Double(histogram[0]) / m)
        let alphaInfinity = 1 / (2 * 0.693_147_180_559_945_3)
        return alphaInfinity * m * m / z
    }

    private static func sigma(_ x0: Double) -> Double {
        guard x0 < 1 else { return .infinity }
        var x = x0
        var y = 1.0
        var z = x
        while true {
            x *= x
            let previous = z
            z += x * y
            y += y
            if z == previous { return z }
        }
    }

    private static func tau(_ x0: Double) -> Double {
        guard x0 > 0, x0 < 1 else { return 0 }
        var x = x0
        var y = 1.0
        var z = 1 - x
        while true {
            x = x.squareRoot()
            let previous = z
            y *= 0.5
            z -= (1 - x) * (1 - x) * y
            if z == previous { return z / 3 }
        }
    }
}
