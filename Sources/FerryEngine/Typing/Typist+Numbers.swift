import FerryCore

/// Typing loops of bigint, decimal, double and boolean columns.
extension Typist {
    /// Integers in any form `parseInt64` reads; in an inferred column only plain ones (no `+`,
    /// no leading zeros, not `-0`), elsewhere the others are counted in `changed`.
    static func typeBigint(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable, changed: inout Int) {
        v.withNewInt64Slots(job.rows.count) { values, nulls in
            var i = 0
            for r in job.rows {
                defer { i &+= 1 }
                guard let f = job.cursor.field(row: r, at: job.field) else {
                    job.null(row: r, failures: &failures)
                    nulls[i] = true
                    continue
                }
                switch NumberSyntax.parseInt64(f) {
                case let .value(x):
                    if !NumberSyntax.isPlainInteger(f) {
                        if job.strict {
                            failures.record(row: r, column: job.column, .notInferredForm)
                            nulls[i] = true
                            continue
                        }
                        changed &+= 1
                    }
                    values[i] = x
                case .invalid:
                    failures.record(row: r, column: job.column, .invalid)
                    nulls[i] = true
                case .outOfRange:
                    failures.record(row: r, column: job.column, .outOfRange)
                    nulls[i] = true
                }
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
        for r in job.rows {
            guard let f = job.cursor.field(row: r, at: job.field) else {
                job.null(row: r, failures: &failures)
                v.appendNullBytes()
                continue
            }
            let s = NumberSyntax.scan(f)
            guard s.isValid else {
                failures.record(row: r, column: job.column, .invalid)
                v.appendNullBytes()
                continue
            }
            let plain = s.isPlain(f)
            if !plain {
                if job.strict {
                    failures.record(row: r, column: job.column, .notInferredForm)
                    v.appendNullBytes()
                    continue
                }
                changed &+= 1
            }
            if s.hasExponent {
                guard let form = DecimalExponent.form(s) else {
                    failures.record(row: r, column: job.column, .outOfRange)
                    v.appendNullBytes()
                    continue
                }
                let failure: TypingFailure? =
                    form.scale > maxScale ? .tooManyDecimalPlaces
                    : form.valueIntegerDigits > maxIntegerDigits ? .tooManyIntegerDigits
                    : form.significantDigits > maxDigits ? .tooManySignificantDigits
                    : nil
                if let failure {
                    failures.record(row: r, column: job.column, failure)
                    v.appendNullBytes()
                    continue
                }
                DecimalExponent.append(s, form, of: f, to: &v)
                continue
            }
            var intFirst = s.intStart
            while intFirst < s.intEnd, f[intFirst] == 0x30 { intFirst += 1 }
            let failure: TypingFailure? =
                s.fracDigits > maxScale ? .tooManyDecimalPlaces
                : s.intEnd - intFirst > maxIntegerDigits ? .tooManyIntegerDigits
                : s.significantDigits > maxDigits ? .tooManySignificantDigits
                : nil
            if let failure {
                failures.record(row: r, column: job.column, failure)
                v.appendNullBytes()
                continue
            }
            if plain {
                v.appendBytes(f)
                continue
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
        }
    }

    /// Doubles in any form `DoubleSyntax` reads; a `+` sign, leading zeros or a bare point are
    /// counted in `changed` (rejected in an inferred column, where the special values must also
    /// be spelt `NaN`, `Infinity`, `-Infinity` as inference reads them).
    func typeDouble(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable, changed: inout Int) {
        let limits = limits
        v.withNewDoubleSlots(job.rows.count) { values, nulls in
            var i = 0
            for r in job.rows {
                defer { i &+= 1 }
                guard let f = job.cursor.field(row: r, at: job.field) else {
                    job.null(row: r, failures: &failures)
                    nulls[i] = true
                    continue
                }
                let failure: TypingFailure
                switch DoubleSyntax.parse(f) {
                case let .value(d):
                    if d.isFinite ? !NumberSyntax.hasPlainStart(f) : job.strict && !DoubleSyntax.isInferredSpecial(f) {
                        if job.strict {
                            failure = .notInferredForm
                            break
                        }
                        changed &+= 1
                    }
                    if d.isFinite || (d.isNaN ? limits.allowsNaN : limits.allowsInfinity) {
                        values[i] = d
                        continue
                    }
                    failure = d.isNaN ? .notANumberNotStorable : .infinityNotStorable
                case .invalid:
                    failure = .invalid
                case .outOfRange:
                    failure = .outOfRange
                }
                failures.record(row: r, column: job.column, failure)
                nulls[i] = true
            }
        }
    }

    /// The boolean words of `BooleanSyntax.parse`; in an inferred column only `true`/`false`.
    static func typeBoolean(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        v.withNewInt64Slots(job.rows.count) { values, nulls in
            var i = 0
            for r in job.rows {
                if let f = job.cursor.field(row: r, at: job.field) {
                    if let b = job.strict ? BooleanSyntax.parseStrict(f) : BooleanSyntax.parse(f) {
                        values[i] = b ? 1 : 0
                    } else if job.strict, BooleanSyntax.parse(f) != nil {
                        failures.record(row: r, column: job.column, .notInferredForm)
                        nulls[i] = true
                    } else {
                        failures.record(row: r, column: job.column, .invalid)
                        nulls[i] = true
                    }
                } else {
                    job.null(row: r, failures: &failures)
                    nulls[i] = true
                }
                i &+= 1
            }
        }
    }
}
