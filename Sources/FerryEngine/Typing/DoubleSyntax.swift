#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Exact text-to-double conversion over bytes.
///
/// Accepted: `[+-]?digits[.digits][(e|E)[+-]?digits]` (also `.5` and `5.`), and, in any letter
/// case with an optional sign, `nan`, `inf` and `infinity` (Python and pandas write `inf`/`nan`;
/// none of them is ambiguous). Everything else — hex floats, spaces, `1_000` — is invalid, so
/// `strtod`'s own leniency never applies. The result is always the correctly rounded double:
/// values with at most 19 significant digits and a small exponent take Clinger's exact fast path
/// (one IEEE multiplication or division of two exact operands), the rest go to `strtod`.
/// Ferry never calls `setlocale`, so `strtod` uses the C locale's `.`; were a locale with a
/// different decimal point ever set, the whole-field check would reject the value, not alter it.
enum DoubleSyntax {
    /// The outcome of parsing a double.
    enum Result {
        case value(Double)
        case invalid
        /// Overflows to infinity or underflows to zero although its digits are not all zero.
        case outOfRange
    }

    private static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
    private static let exactIntegerLimit: UInt64 = 1 << 53

    /// Parses `f` (see the type's documentation for the accepted forms).
    @inline(__always)
    static func parse(_ f: UnsafeRawBufferPointer) -> Result {
        let s = NumberSyntax.scan(f)
        guard s.isValid else { return parseNamed(f) }
        return value(of: s, in: f)
    }

    /// The double of an already scanned, valid number.
    @inline(__always)
    static func value(of s: NumberSyntax.Scan, in f: UnsafeRawBufferPointer) -> Result {
        if s.significantDigits == 0 { return .value(s.isNegative ? -0.0 : 0.0) }
        if s.significantDigits <= 19 {
            // Mantissa digits from the first significant one; the decimal exponent moves the point.
            var mantissa: UInt64 = 0
            var i = s.firstSignificant
            let end = s.hasDot ? s.fracEnd : s.intEnd
            while i < end {
                let b = f[i]
                if b != 0x2E { mantissa = mantissa &* 10 &+ UInt64(b &- 0x30) }
                i += 1
            }
            let digitsAfterPoint = s.hasDot ? s.fracDigits : 0
            let exponent10 = s.exponent - digitsAfterPoint
            if mantissa <= exactIntegerLimit {
                var d: Double?
                if exponent10 >= 0, exponent10 <= 22 {
                    d = Double(mantissa) * powersOf10[exponent10]
                } else if exponent10 < 0, exponent10 >= -22 {
                    d = Double(mantissa) / powersOf10[-exponent10]
                } else if exponent10 > 22, exponent10 <= 22 + 15 {
                    let (scaled, overflow) = mantissa.multipliedReportingOverflow(by: UInt64(powersOf10[exponent10 - 22]))
                    if !overflow, scaled <= exactIntegerLimit { d = Double(scaled) * 1e22 }
                }
                if let d { return .value(s.isNegative ? -d : d) }
            }
        }
        return parseWithStrtod(f)
    }

    /// Whether `f` is `NaN`, `Infinity` or `-Infinity` exactly: the special values as inference
    /// reads them (and as Ferry writes them).
    static func isInferredSpecial(_ f: UnsafeRawBufferPointer) -> Bool {
        func equals(_ word: StaticString) -> Bool {
            guard f.count == word.utf8CodeUnitCount else { return false }
            for i in 0 ..< f.count where f[i] != word.utf8Start[i] { return false }
            return true
        }
        return equals("NaN") || equals("Infinity") || equals("-Infinity")
    }

    /// `nan`, `inf`, `infinity` in any case with an optional sign.
    private static func parseNamed(_ f: UnsafeRawBufferPointer) -> Result {
        var i = 0
        var negative = false
        if f.count > 0, f[0] == 0x2D || f[0] == 0x2B {
            negative = f[0] == 0x2D
            i = 1
        }
        let rest = f.count - i
        if rest == 3, f[i] | 0x20 == 0x6E, f[i + 1] | 0x20 == 0x61, f[i + 2] | 0x20 == 0x6E { return .value(.nan) }
        guard rest == 3 || rest == 8, f[i] | 0x20 == 0x69, f[i + 1] | 0x20 == 0x6E, f[i + 2] | 0x20 == 0x66 else {
            return .invalid
        }
        if rest == 8 {
            let tail: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0x69, 0x6E, 0x69, 0x74, 0x79) // "inity"
            guard f[i + 3] | 0x20 == tail.0, f[i + 4] | 0x20 == tail.1, f[i + 5] | 0x20 == tail.2,
                  f[i + 6] | 0x20 == tail.3, f[i + 7] | 0x20 == tail.4 else { return .invalid }
        }
        return .value(negative ? -.infinity : .infinity)
    }

    /// Calls `strtod` on a NUL-terminated copy of an already validated number and checks that it
    /// consumed every byte.
    @inline(never)
    private static func parseWithStrtod(_ f: UnsafeRawBufferPointer) -> Result {
        let n = f.count
        let parsed: Double? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            for i in 0 ..< n { buffer[i] = CChar(bitPattern: f[i]) }
            buffer[n] = 0
            var end: UnsafeMutablePointer<CChar>?
            let d = strtod(base, &end)
            guard let end, end == base + n else { return nil }
            return d
        }
        guard let d = parsed else { return .invalid }
        if d.isInfinite { return .outOfRange }
        // Only numbers with a non-zero mantissa digit reach here, so zero means underflow.
        if d == 0 { return .outOfRange }
        return .value(d)
    }
}
