import FerryCore

/// What one non-NULL field text looks like to schema inference.
///
/// A text has a shape other than `text` only when it round-trips exactly through that type
/// (see `classify(_:)`); a column's type is the join of its values' shapes (`ColumnEvidence`).
enum ValueShape: UInt8, Sendable {
    case bigint, decimal, double, boolean, date, timestamp, timestamptz, uuid, json, text

    var isNumeric: Bool { self == .bigint || self == .decimal || self == .double }

    /// Most significant digits a decimal text may have and still be exact as a double.
    static let exactDoubleDigits = 15

    /// The shape of a text and, for numbers, its significant digits (for the double join rule
    /// and the target's digit limit).
    struct Classified {
        var shape: ValueShape
        var significantDigits = 0
        /// Whether a number has an exponent (`1e3`).
        var hasExponent = false
        /// Whether a number is exactly a double too: at most 15 significant mantissa digits and a
        /// normal (or zero) value.
        var isExactDouble = false
    }

    /// Classifies one field text by the inference rules:
    /// - bigint `-?(0|[1-9][0-9]*)` within Int64; decimal `-?(0|[1-9][0-9]*)\.[0-9]+`, a larger
    ///   integer, or either with an exponent `[eE][+-]?[0-9]+` whose plain form has at most
    ///   1000 digits (`DecimalExponent`); neither `+`, leading zeros nor negative zero;
    /// - double: a number with an exponent beyond that, with at most 15 significant digits and a
    ///   normal value, and `NaN`, `Infinity`, `-Infinity`;
    /// - boolean `true`/`false` in any case; date, timestamp, timestamptz (strict ISO 8601 forms);
    /// - uuid 8-4-4-4-12 hex; json: `{` or `[` and a complete JSON document; otherwise text.
    static func classify(_ f: UnsafeRawBufferPointer) -> Classified {
        let n = f.count
        guard n > 0 else { return Classified(shape: .text) }
        let first = f[0]
        if n == 36, f[8] == 0x2D {
            return Classified(shape: UUIDSyntax.parse(f).isValid ? .uuid : .text)
        }
        if first &- 0x30 <= 9, n >= 10, f[4] == 0x2D {
            let t = TemporalSyntax.parse(f, strict: true)
            guard t.status == .ok else { return Classified(shape: .text) }
            return Classified(shape: t.hasOffset ? .timestamptz : t.hasTime ? .timestamp : .date)
        }
        if first &- 0x30 <= 9 || first == 0x2D {
            return classifyNumber(f)
        }
        switch first {
        case 0x7B, 0x5B: // { [
            do {
                _ = try JSONParser.parse(f)
                return Classified(shape: .json)
            } catch {
                return Classified(shape: .text)
            }
        case 0x4E, 0x49: // N I
            return matches(f, "NaN") || matches(f, "Infinity") ? Classified(shape: .double, isExactDouble: true) : Classified(shape: .text)
        default:
            return Classified(shape: BooleanSyntax.parseStrict(f) != nil ? .boolean : .text)
        }
    }

    private static func classifyNumber(_ f: UnsafeRawBufferPointer) -> Classified {
        if f[0] == 0x2D, matches(f, "-Infinity") { return Classified(shape: .double, isExactDouble: true) }
        let s = NumberSyntax.scan(f)
        let text = Classified(shape: .text)
        guard s.isValid, s.sign != 0x2B, s.intDigits >= 1, !s.hasLeadingZero(f), !s.hasDot || s.fracDigits >= 1 else {
            return text
        }
        guard !(s.isNegative && s.significantDigits == 0) else { return text }
        // Exact as a double too: few enough digits and a normal value (decided without parsing
        // for plain texts of at most 300 digits, whose values are normal).
        var exactDouble = s.significantDigits <= exactDoubleDigits
        if exactDouble, s.hasExponent || s.intDigits + s.fracDigits > 300 {
            if case let .value(d) = DoubleSyntax.value(of: s, in: f), d == 0 || d.isNormal {} else { exactDouble = false }
        }
        if s.hasExponent {
            if let form = DecimalExponent.form(s) {
                return Classified(shape: .decimal, significantDigits: form.significantDigits, hasExponent: true, isExactDouble: exactDouble)
            }
            guard exactDouble else { return text }
            return Classified(shape: .double, significantDigits: s.significantDigits, hasExponent: true, isExactDouble: true)
        }
        if s.hasDot { return Classified(shape: .decimal, significantDigits: s.significantDigits, isExactDouble: exactDouble) }
        if case .value = NumberSyntax.parseInt64(f) {
            return Classified(shape: .bigint, significantDigits: s.significantDigits, isExactDouble: exactDouble)
        }
        return Classified(shape: .decimal, significantDigits: s.significantDigits, isExactDouble: exactDouble)
    }

    @inline(__always)
    private static func matches(_ f: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard f.count == count else { return false }
        let w = word.utf8Start
        for i in 0 ..< count where f[i] != w[i] { return false }
        return true
    }
}
