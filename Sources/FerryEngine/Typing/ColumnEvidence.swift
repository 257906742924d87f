import FerryCore

/// What schema inference has seen of one column: the join of its values' shapes.
///
/// Join: equal shapes stay; bigint ∨ decimal = decimal; any of them ∨ double = double when every
/// number has at most 15 significant digits (so each is exact as a double), else text; shapes of
/// different families (numbers, boolean, date, timestamp, timestamptz, uuid, json) give text.
struct ColumnEvidence: Sendable {
    var sawNull = false
    var sawBigint = false
    var sawDecimal = false
    var sawDouble = false
    var maxSignificantDigits = 0
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
            if sawDouble, maxSignificantDigits > ValueShape.exactDoubleDigits { isText = true }
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
