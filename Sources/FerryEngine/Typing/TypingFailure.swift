import FerryCore

/// Why a field could not be typed; turned into a reject reason that names the column's type or
/// the target but never the value.
enum TypingFailure: UInt8 {
    case invalid
    case outOfRange
    case tooManyDecimalPlaces
    case tooManyIntegerDigits
    case tooManySignificantDigits
    case notANumberNotStorable
    case infinityNotStorable
    case fractionTooLong
    case missingOffset
    case unexpectedOffset
    case nulInText
    case nullNotAllowed
    /// Outside the existing target column's narrower type (int2, int4, float4).
    case outOfTargetRange
    /// Longer than the existing target column allows (varchar(n)).
    case tooManyCharacters
    /// In a column whose type was inferred, a value in a form inference does not read as that
    /// type (`007`, `+5`, `yes`): stored as the type, its text would change.
    case notInferredForm

    /// The reject reason for a value of `column`.
    func reason(for column: Column, limits: ValueLimits) -> String {
        let type = column.type
        switch self {
        case .invalid:
            return type == .json ? "not valid JSON" : "not a valid \(type.name)"
        case .outOfRange:
            return type == .timestamptz ? "out of range for timestamptz (years 1 to 9999 in UTC)" : "out of range for \(type.name)"
        case .tooManyDecimalPlaces:
            return "has more than \(DecimalRules(type).scale ?? 0) decimal places"
        case .tooManyIntegerDigits:
            return "has more than \(DecimalRules(type).integerDigits ?? 0) digits before the decimal point, the most \(type.name) holds"
        case .tooManySignificantDigits:
            return "has more than \(limits.maxDecimalDigits ?? 0) significant digits, which \(limits.targetName) cannot store exactly; declare the column as text to keep it verbatim"
        case .notANumberNotStorable:
            return "is NaN, which \(limits.targetName) cannot store"
        case .infinityNotStorable:
            return "is infinite, which \(limits.targetName) cannot store"
        case .fractionTooLong:
            return "has more than 6 fractional second digits (\(type.name) keeps microseconds)"
        case .missingOffset:
            return "has no UTC offset"
        case .unexpectedOffset:
            return "has a UTC offset; declare timestamptz"
        case .nulInText:
            return "contains a NUL byte, which \(limits.targetName) cannot store in text"
        case .nullNotAllowed:
            return "NULL in a column declared NOT NULL"
        case .outOfTargetRange:
            switch column.limit {
            case let .integerRange(_, _, name)?: return "out of range for the target column's type \(name)"
            default: return "out of range for the target column's type real"
            }
        case .notInferredForm:
            var numeric = type == .bigint || type == .double
            if case .decimal = type { numeric = true }
            let form = numeric
                ? "has a \"+\" sign, leading zeros or a bare decimal point, which \(type.name) would drop"
                : "is not in a form inference reads as \(type.name), so its text would change"
            return form + "; the column's type was inferred from the first rows: declare it \(type.name) to accept such values, or text to keep them as written"
        case .tooManyCharacters:
            if case let .maxCharacters(n, name)? = column.limit { return "longer than \(n) characters, the most the target column's \(name) holds" }
            return "longer than the target column allows"
        }
    }
}
