import FerryCore

/// What schema inference has seen of one column: the join of its values' shapes.
///
/// Join: equal shapes stay; bigint ∨ decimal = decimal (a number with an exponent is a decimal
/// when exact, so `1e3` and `12.50` give decimal, not double); any of them ∨ double = double when every
/// number is exact as a double (at most 15 significant digits, a normal value), else text; shapes of
/// different families (numbers, boolean, date, timestamp, timestamptz, uuid, json) give text.
struct ColumnEvidence: Sendable {
    var sawNull = false
    var sawBigint = false
    var sawDecimal = false
    var sawDouble = false
    var maxSignificantDigits = 0
    /// Whether a number had an exponent (`1e3`).
    var sawExponent = false
    /// Whether every number seen is exactly a double too (see `ValueShape.Classified`).
    var allExactDoubles = true
    /// The one non-numeric shape seen so far.
    var other: ValueShape?
    /// Set once the column can only be text; later values need no classification.
    var isText = false

    @inline(__always)
    mutating func add(_ value: ValueShape.Classified) {
        let shape = value.shape
        if shape.isNumeric {
            guard other == nil else { isText = true; return }
            switch shape {
            case .bigint: sawBigint = true
            case .decimal: sawDecimal = true
            default: sawDouble = true
            }
            maxSignificantDigits = max(maxSignificantDigits, value.significantDigits)
            sawExponent = sawExponent || value.hasExponent
            allExactDoubles = allExactDoubles && value.isExactDouble
            if sawDouble, !allExactDoubles { isText = true }
        } else if shape == .text || sawBigint || sawDecimal || sawDouble || (other != nil && other != shape) {
            isText = true
        } else {
            other = shape
        }
    }

    /// The joined type; text when only NULLs (or nothing) were seen.
    var type: ColumnType {
        if isText { return .text }
        if sawDouble { return .double }
        if sawDecimal { return .anyDecimal }
        if sawBigint { return .bigint }
        switch other {
        case .boolean?: return .boolean
        case .date?: return .date
        case .timestamp?: return .timestamp
        case .timestamptz?: return .timestamptz
        case .uuid?: return .uuid
        case .json?: return .json
        default: return .text
        }
    }
}
