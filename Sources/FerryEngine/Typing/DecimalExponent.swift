import FerryCore

/// Exact decimals written with an exponent (`1e3`, `2.5E-2`, `12.50e1`): their plain form.
///
/// A number text `m e x` (mantissa `m` with `f` fraction digits, exponent `x`) is the exact
/// decimal `m × 10^x`; its plain form has scale `max(0, f - x)` (as PostgreSQL's numeric input
/// computes it: `12.50e1` is `125.0`, `1e3` is `1000`, `2.5E-2` is `0.025`). It is an exact
/// decimal for Ferry when that plain form has at most `maxDigits` digits (integer digits plus
/// scale); beyond that, and for `NaN`/`Infinity`, a number is only a double.
enum DecimalExponent {
    /// The most digits the plain form of an exact decimal may have: the contract's largest
    /// decimal precision.
    static let maxDigits = 1000

    /// The plain form's measures.
    struct Form {
        /// Digits before the point (1 for `0.025`: the `0`).
        var integerDigits: Int
        /// Digits after the point.
        var scale: Int
        /// Digits from the first non-zero one to the end (trailing zeros count, as in `Scan`).
        var significantDigits: Int
        /// Mantissa digits from the first non-zero one to the mantissa's end.
        fileprivate var mantissaDigits: Int
        /// Power of ten of the mantissa's last digit: `e - f`.
        fileprivate var shift: Int

        /// Integer digits that count against `decimal(p,s)`'s `p - s` (none for `0.x`).
        var valueIntegerDigits: Int {
            significantDigits == 0 || (shift < 0 && mantissaDigits <= -shift) ? 0 : integerDigits
        }
    }

    /// The plain form of the valid, exponent-carrying number `s` of `f`, or nil when it has more
    /// than `maxDigits` digits.
    static func form(_ s: NumberSyntax.Scan) -> Form? {
        // The exponent saturates at ±1,000,000 and a mantissa is at most a field long, so these
        // sums cannot overflow.
        let shift = s.exponent - s.fracDigits
        let sig = s.significantDigits
        var form = Form(integerDigits: 1, scale: max(0, -shift), significantDigits: 0, mantissaDigits: sig, shift: shift)
        if sig > 0 {
            if shift >= 0 {
                form.integerDigits = sig + shift
                form.significantDigits = sig + shift
            } else {
                form.integerDigits = sig > -shift ? sig + shift : 1
                form.significantDigits = sig
            }
        }
        guard form.integerDigits + form.scale <= maxDigits else { return nil }
        return form
    }

    /// Appends the plain form of `s` (with its `form`) to `v` as one value: `-` when negative
    /// and not zero, no leading zeros, `0.` before a fraction without integer digits.
    static func append(_ s: NumberSyntax.Scan, _ form: Form, of f: UnsafeRawBufferPointer, to v: inout ColumnVector) {
        let sig = form.mantissaDigits
        if sig == 0 {
            v.bytes.append(0x30)
            if form.scale > 0 {
                v.bytes.append(0x2E)
                v.bytes.append(contentsOf: repeatElement(0x30, count: form.scale))
            }
            v.endBytesValue()
            return
        }
        if s.isNegative { v.bytes.append(0x2D) }
        // The significant mantissa digits, in order, skipping the point.
        let digitCount = s.intDigits + s.fracDigits
        let firstDigit = digitCount - sig
        func digit(_ k: Int) -> UInt8 { k < s.intDigits ? f[s.intStart + k] : f[s.fracStart + k - s.intDigits] }
        let shift = form.shift
        if shift >= 0 {
            for k in firstDigit ..< digitCount { v.bytes.append(digit(k)) }
            v.bytes.append(contentsOf: repeatElement(0x30, count: shift))
        } else if sig > -shift {
            let point = digitCount + shift
            for k in firstDigit ..< point { v.bytes.append(digit(k)) }
            v.bytes.append(0x2E)
            for k in point ..< digitCount { v.bytes.append(digit(k)) }
        } else {
            v.bytes.append(0x30)
            v.bytes.append(0x2E)
            v.bytes.append(contentsOf: repeatElement(0x30, count: -shift - sig))
            for k in firstDigit ..< digitCount { v.bytes.append(digit(k)) }
        }
        v.endBytesValue()
    }
}
