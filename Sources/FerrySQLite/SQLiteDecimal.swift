/// A canonical decimal text as the SQLite value it is bound as (see Docs/connectors/sqlite.md).
enum SQLiteDecimal: Equatable {
    /// An integral value that fits Int64: bound as INTEGER, exact.
    case integer(Int64)
    /// Any other value: bound as REAL. For up to 15 significant digits (what `ValueLimits`
    /// lets through) the double is the nearest one to the decimal, and prints back as the same
    /// digits without trailing zeros.
    case real(Double)

    /// Powers of ten that doubles hold exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Parses `-?digits(.digits)?`; nil for anything else.
    ///
    /// Fast path (Clinger): with at most 15 significant digits the digits form an integer m below
    /// 2^53 and, with f ≤ 22 fraction digits, m / 10^f is one correctly rounded IEEE division of
    /// two exact doubles, i.e. the nearest double to the decimal. Other texts go through
    /// `Double(String)`, which also rounds correctly.
    static func parse(_ bytes: UnsafePointer<UInt8>, count: Int) -> SQLiteDecimal? {
        var i = 0
        let negative = count > 0 && bytes[0] == 0x2D
        if negative { i = 1 }
        let digitsStart = i
        // The significant digits up to the last non-zero one; zeros after it wait in `pending`
        // until a non-zero digit follows (leading zeros are dropped).
        var mantissa: UInt64 = 0
        var mantissaDigits = 0
        var pending = 0
        var tooLong = false
        var integerDigits = 0
        var fractionDigits = 0
        var scale = 0  // fraction digits up to the last non-zero one
        var inFraction = false
        while i < count {
            let byte = bytes[i]
            if byte == 0x2E, !inFraction, integerDigits > 0 {
                inFraction = true
                i += 1
                continue
            }
            let digit = byte &- 0x30
            guard digit < 10 else { return nil }
            if inFraction { fractionDigits += 1 } else { integerDigits += 1 }
            if digit == 0 {
                if mantissaDigits > 0 { pending += 1 }
            } else {
                if mantissaDigits + pending + 1 > 19 {
                    tooLong = true
                } else {
                    for _ in 0..<pending { mantissa *= 10 }
                    mantissa = mantissa * 10 + UInt64(digit)
                    mantissaDigits += pending + 1
                }
                pending = 0
                if inFraction { scale = fractionDigits }
            }
            i += 1
        }
        guard integerDigits > 0, !inFraction || fractionDigits > 0 else { return nil }

        if !tooLong, scale == 0 {
            // Integral: exact as Int64 when it fits. `pending` holds the integer part's trailing
            // zeros followed by the (all zero) fraction digits, which do not count.
            let integerZeros = mantissaDigits > 0 ? pending - fractionDigits : 0
            var value = mantissa
            var overflow = false
            for _ in 0..<integerZeros where !overflow {
                (value, overflow) = value.multipliedReportingOverflow(by: 10)
            }
            if !overflow, !negative, value <= UInt64(Int64.max) { return .integer(Int64(value)) }
            if !overflow, negative, value <= UInt64(Int64.max) + 1 { return .integer(Int64(truncatingIfNeeded: 0 &- value)) }
        } else if !tooLong, mantissaDigits <= 15, scale <= 22 {
            let value = Double(mantissa) / exactPowersOfTen[scale]
            return .real(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(start: bytes + digitsStart, count: count - digitsStart), as: UTF8.self)
        guard let value = Double(text) else { return nil }
        return .real(negative ? -value : value)
    }
}
