import FerryCore

/// Typing loops of bigint, decimal, double and boolean columns.
extension Typist {
    static func typeBigint(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        v.withNewInt64Slots(job.rows.count) { values, nulls in
            var i = 0
            for r in job.rows {
                if let f = job.cursor.field(row: r, at: job.field) {
                    switch NumberSyntax.parseInt64(f) {
                    case let .value(x):
                        values[i] = x
                    case .invalid:
                        failures.record(row: r, column: job.column, .invalid)
                        nulls[i] = true
                    case .outOfRange:
                        failures.record(row: r, column: job.column, .outOfRange)
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

    /// Decimals keep their digits and scale as given; the canonical text drops `+`, leading zeros
    /// and the sign of zero, and writes `.5` as `0.5` and `5.` as `5`.
    func typeDecimal(_ job: ColumnJob, rules: DecimalRules, into v: inout ColumnVector, failures: inout FailureTable) {
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
            guard s.isValid, !s.hasExponent else {
                failures.record(row: r, column: job.column, .invalid)
                v.appendNullBytes()
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
            let negative = s.isNegative && s.significantDigits > 0
            let canonical = (s.sign == 0 || negative) && !s.hasLeadingZero(f) && s.intDigits > 0
                && (!s.hasDot || s.fracDigits > 0)
            if canonical {
                v.appendBytes(f)
                continue
            }
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

    func typeDouble(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
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

    static func typeBoolean(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        v.withNewInt64Slots(job.rows.count) { values, nulls in
            var i = 0
            for r in job.rows {
                if let f = job.cursor.field(row: r, at: job.field) {
                    if let b = BooleanSyntax.parse(f) {
                        values[i] = b ? 1 : 0
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
