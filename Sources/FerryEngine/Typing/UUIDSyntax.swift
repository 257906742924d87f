/// Byte-level parsing of `8-4-4-4-12` hexadecimal UUID texts.
enum UUIDSyntax {
    /// Whether `f` is a UUID, and whether it has uppercase hex digits (to be lowercased).
    struct Parsed {
        var isValid = false
        var hasUppercase = false
    }

    /// Checks the dashes, then the 32 hex digits without branches: random hex mixes digits and
    /// letters unpredictably, which cost a branching loop a misprediction every few bytes
    /// (measured: 160 ns per UUID, against 55 ns branch-free; Swift's generic SIMD types were
    /// slower still).
    @inline(__always)
    static func parse(_ f: UnsafeRawBufferPointer) -> Parsed {
        guard f.count == 36, f[8] == 0x2D, f[13] == 0x2D, f[18] == 0x2D, f[23] == 0x2D else { return Parsed() }
        var flags = HexFlags()
        flags.scan(f, 0, 8)
        flags.scan(f, 9, 13)
        flags.scan(f, 14, 18)
        flags.scan(f, 19, 23)
        flags.scan(f, 24, 36)
        return Parsed(isValid: flags.bad == 0, hasUppercase: flags.upper != 0)
    }

    /// Accumulates whether any byte is not a hex digit and whether any is in A...F.
    private struct HexFlags {
        var bad: UInt8 = 0
        var upper: UInt8 = 0

        @inline(__always)
        mutating func scan(_ f: UnsafeRawBufferPointer, _ from: Int, _ to: Int) {
            var i = from
            while i < to {
                let b = f[i]
                let digit: UInt8 = b &- 0x30 < 10 ? 1 : 0
                // b | 0x20 is in a...f exactly when b is in A...F or a...f.
                let letter: UInt8 = (b | 0x20) &- 0x61 < 6 ? 1 : 0
                bad |= (digit | letter) ^ 1
                upper |= letter & (b < 0x61 ? 1 : 0)
                i += 1
            }
        }
    }

    /// Appends `f` (a valid UUID) with hex letters lowercased.
    @inline(__always)
    static func appendLowercased(_ f: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        for b in f { out.append(b >= 0x41 && b <= 0x46 ? b | 0x20 : b) }
    }
}
