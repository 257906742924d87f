/// Byte-level number syntax shared by schema inference and typing.
enum NumberSyntax {
    /// The outcome of parsing a bigint.
    enum IntResult {
        case value(Int64)
        case invalid
        case outOfRange
    }

    /// Parses `[+-]?[0-9]+` (leading zeros allowed) into an `Int64`.
    @inline(__always)
    static func parseInt64(_ f: UnsafeRawBufferPointer) -> IntResult {
        let n = f.count
        guard n > 0 else { return .invalid }
        var i = 0
        var negative = false
        if f[0] == 0x2D {
            negative = true
            i = 1
        } else if f[0] == 0x2B {
            i = 1
        }
        guard i < n else { return .invalid }
        var magnitude: UInt64 = 0
        var overflow = false
        while i < n {
            let d = f[i] &- 0x30
            guard d <= 9 else { return .invalid }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(d))
            overflow = overflow || o1 || o2
            magnitude = sum
            i += 1
        }
        if overflow { return .outOfRange }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return .outOfRange }
            return .value(Int64(bitPattern: 0 &- magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return .outOfRange }
        return .value(Int64(magnitude))
    }

    /// Whether a text that `parseInt64` read is in plain form (see `Scan.isPlain`): no `+`, no
    /// redundant leading zero, not `-0`.
    @inline(__always)
    static func isPlainInteger(_ f: UnsafeRawBufferPointer) -> Bool {
        let first = f[0]
        if first == 0x2B { return false }
        if first == 0x2D { return f[1] != 0x30 }
        return first != 0x30 || f.count == 1
    }

    /// Whether a number text that `DoubleSyntax` read as a finite value starts and ends as a
    /// plain number does: no `+`, no redundant leading zero, no bare point (`.5`, `5.`). Looks
    /// at a few bytes only (the typing loop of double columns runs it on every value).
    @inline(__always)
    static func hasPlainStart(_ f: UnsafeRawBufferPointer) -> Bool {
        let n = f.count
        var i = 0
        if f[0] == 0x2B { return false }
        if f[0] == 0x2D { i = 1 }
        guard i < n, f[i] != 0x2E, f[n - 1] != 0x2E else { return false }
        return !(f[i] == 0x30 && i + 1 < n && f[i + 1] &- 0x30 <= 9)
    }

    /// The parts of a text shaped like `[+-]?[0-9]*(\.[0-9]*)?([eE][+-]?[0-9]+)?` with at least one
    /// mantissa digit; `isValid` is false for anything else.
    struct Scan {
        var isValid = false
        /// 0, `+` or `-`.
        var sign: UInt8 = 0
        var intStart = 0
        var intEnd = 0
        var hasDot = false
        var fracStart = 0
        var fracEnd = 0
        var hasExponent = false
        /// The exponent's value, saturated at ±1,000,000.
        var exponent = 0
        /// Mantissa digits (integer and fraction) after leading zeros; trailing zeros count.
        var significantDigits = 0
        /// Position of the first non-zero mantissa digit (meaningful when `significantDigits > 0`).
        var firstSignificant = 0

        var intDigits: Int { intEnd - intStart }
        var fracDigits: Int { fracEnd - fracStart }
        var isNegative: Bool { sign == 0x2D }
        /// Whether the integer part has a redundant leading zero (`007`, `00.5`).
        func hasLeadingZero(_ f: UnsafeRawBufferPointer) -> Bool { intDigits > 1 && f[intStart] == 0x30 }

        /// Whether a valid number text is in a plain form, the only forms inference reads as a
        /// number: no `+`, no redundant leading zero, digits on both sides of a point, no negative
        /// zero (an exponent is allowed). Other forms (`+5`, `007`, `.5`, `5.`, `-0`) lose what
        /// their text says when stored as a number.
        func isPlain(_ f: UnsafeRawBufferPointer) -> Bool {
            sign != 0x2B && intDigits >= 1 && !hasLeadingZero(f) && (!hasDot || fracDigits >= 1)
                && !(isNegative && significantDigits == 0)
        }
    }

    /// Splits a number text into its parts (see `Scan`).
    @inline(__always)
    static func scan(_ f: UnsafeRawBufferPointer) -> Scan {
        var s = Scan()
        let n = f.count
        var i = 0
        if n > 0, f[0] == 0x2D || f[0] == 0x2B {
            s.sign = f[0]
            i = 1
        }
        var firstNonZero = -1
        s.intStart = i
        while i < n, f[i] &- 0x30 <= 9 {
            if firstNonZero < 0, f[i] != 0x30 { firstNonZero = i }
            i += 1
        }
        s.intEnd = i
        s.fracStart = i
        s.fracEnd = i
        if i < n, f[i] == 0x2E {
            s.hasDot = true
            i += 1
            s.fracStart = i
            while i < n, f[i] &- 0x30 <= 9 {
                if firstNonZero < 0, f[i] != 0x30 { firstNonZero = i }
                i += 1
            }
            s.fracEnd = i
        }
        guard s.intDigits + s.fracDigits > 0 else { return s }
        if i < n, f[i] | 0x20 == 0x65 {
            s.hasExponent = true
            i += 1
            var expNegative = false
            if i < n, f[i] == 0x2D || f[i] == 0x2B {
                expNegative = f[i] == 0x2D
                i += 1
            }
            let expStart = i
            var e = 0
            while i < n, f[i] &- 0x30 <= 9 {
                if e < 1_000_000 { e = e * 10 + Int(f[i] &- 0x30) }
                i += 1
            }
            guard i > expStart else { return s }
            s.exponent = expNegative ? -e : e
        }
        guard i == n else { return s }
        s.isValid = true
        if firstNonZero >= 0 {
            s.firstSignificant = firstNonZero
            // Digits from the first non-zero one to the end of the mantissa, minus the dot if crossed.
            let end = s.hasDot ? s.fracEnd : s.intEnd
            s.significantDigits = end - firstNonZero - (s.hasDot && firstNonZero < s.intEnd ? 1 : 0)
        }
        return s
    }
}
