import FerryCore

/// Typing loops of bigint, decimal, double and boolean columns.
extension Typist {
    /// Integers in any form `parseInt64` reads; in an inferred column only plain ones (no `+`,
    /// no leading zeros, not `-0`), elsewhere the others are counted in `changed`.
    static func typeBigint(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable, changed: inout Int) {
        job.typeInt64(into: &v, failures: &failures) { f in
            switch NumberSyntax.parseInt64(f) {
            case let .value(x):
                if !NumberSyntax.isPlainInteger(f) {
                    if job.strict { return .rejected(.notInferredForm) }
                    changed &+= 1
                }
                return .value(x)
            case .invalid: return .rejected(.invalid)
            case .outOfRange: return .rejected(.outOfRange)
            }
        }
    }

    /// Decimals keep their digits and scale as given; the canonical text drops `+`, leading zeros
    /// and the sign of zero, writes `.5` as `0.5` and `5.` as `5` (those forms are counted in
    /// `changed`, and rejected in an inferred column), and writes a number with an exponent in
    /// its plain form (`12.50e1` → `125.0`, see `DecimalExponent`).
    func typeDecimal(_ job: ColumnJob, rules: DecimalRules, into v: inout ColumnVector, failures: inout FailureTable, changed: inout Int) {
        let maxDigits = limits.maxDecimalDigits ?? Int.max
        let maxScale = rules.scale ?? Int.max
        let maxIntegerDigits = rules.integerDigits ?? Int.max
        job.typeBytes(into: &v, failures: &failures) { f, v in
            let s = NumberSyntax.scan(f)
            guard s.isValid else { return .invalid }
            let plain = s.isPlain(f)
            if !plain {
                if job.strict { return .notInferredForm }
                changed &+= 1
            }
            if s.hasExponent {
                guard let form = DecimalExponent.form(s) else { return .outOfRange }
                let failure: TypingFailure? =
                    form.scale > maxScale ? .tooManyDecimalPlaces
                    : form.valueIntegerDigits > maxIntegerDigits ? .tooManyIntegerDigits
                    : form.significantDigits > maxDigits ? .tooManySignificantDigits
                    : nil
                if let failure { return failure }
                DecimalExponent.append(s, form, of: f, to: &v)
                return nil
            }
            var intFirst = s.intStart
            while intFirst < s.intEnd, f[intFirst] == 0x30 { intFirst += 1 }
            let failure: TypingFailure? =
                s.fracDigits > maxScale ? .tooManyDecimalPlaces
                : s.intEnd - intFirst > maxIntegerDigits ? .tooManyIntegerDigits
                : s.significantDigits > maxDigits ? .tooManySignificantDigits
                : nil
            if let failure { return failure }
            if plain {
                v.appendBytes(f)
                return nil
            }
            let negative = s.isNegative && s.significantDigits > 0
            if negative { v.bytes.append(0x2D) }
            if intFirst < s.intEnd {
                v.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: f[intFirst ..< s.intEnd]))
            } else {
                v.bytes.append(0x30)
            }
            if s.fracDigits > 0 {
                v.bytes.append(0x2E)
                v.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: f[s.fracStart ..< s.fracEnd]))
            }
            v.endBytesValue()
            return nil
        }
    }

    /// Doubles in any form `DoubleSyntax` reads; a `+` sign, leading zeros or a bare point are
    /// counted in `changed` (rejected in an inferred column, where the special values must also
    /// be spelt `NaN`, `Infinity`, `-Infinity` as inference reads them).
    func typeDouble(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable, changed: inout Int) {
        let limits = limits
        job.typeDouble(into: &v, failures: &failures) { f in
            switch DoubleSyntax.parse(f) {
            case let .value(d):
                if d.isFinite ? !NumberSyntax.hasPlainStart(f) : job.strict && !DoubleSyntax.isInferredSpecial(f) {
                    if job.strict { return .rejected(.notInferredForm) }
                    changed &+= 1
                }
                if d.isFinite || (d.isNaN ? limits.allowsNaN : limits.allowsInfinity) { return .value(d) }
                return .rejected(d.isNaN ? .notANumberNotStorable : .infinityNotStorable)
            case .invalid: return .rejected(.invalid)
            case .outOfRange: return .rejected(.outOfRange)
            }
        }
    }

    /// The boolean words of `BooleanSyntax.parse`; in an inferred column only `true`/`false`.
    static func typeBoolean(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        job.typeInt64(into: &v, failures: &failures) { f in
            if let b = job.strict ? BooleanSyntax.parseStrict(f) : BooleanSyntax.parse(f) { return .value(b ? 1 : 0) }
            return .rejected(job.strict && BooleanSyntax.parse(f) != nil ? .notInferredForm : .invalid)
        }
    }
}
