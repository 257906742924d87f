import FerryCore

/// Typing loops of date, timestamp and timestamptz columns.
extension Typist {
    /// `YYYY-MM-DD` only: a text with a time of day is not a date.
    static func typeDate(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        v.withNewInt64Slots(job.rows.count) { values, nulls in
            var i = 0
            for r in job.rows {
                if let f = job.cursor.field(row: r, at: job.field) {
                    let t = TemporalSyntax.parse(f, strict: job.strict)
                    if t.status == .ok, !t.hasTime, !t.hasOffset {
                        values[i] = t.days
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

    /// Local date and time; a bare date means midnight; a text with a UTC offset is rejected.
    static func typeTimestamp(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        v.withNewInt64Slots(job.rows.count) { values, nulls in
            var i = 0
            for r in job.rows {
                defer { i &+= 1 }
                guard let f = job.cursor.field(row: r, at: job.field) else {
                    job.null(row: r, failures: &failures)
                    nulls[i] = true
                    continue
                }
                let t = TemporalSyntax.parse(f, strict: job.strict)
                let failure: TypingFailure
                switch t.status {
                case .ok:
                    if !t.hasOffset {
                        values[i] = t.localMicros
                        continue
                    }
                    failure = .unexpectedOffset
                case .invalid: failure = .invalid
                case .fractionTooLong: failure = .fractionTooLong
                }
                failures.record(row: r, column: job.column, failure)
                nulls[i] = true
            }
        }
    }

    /// An instant: date and time with `Z` or a `±HH[:MM]` offset, normalised to UTC.
    static func typeTimestamptz(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        v.withNewInt64Slots(job.rows.count) { values, nulls in
            var i = 0
            for r in job.rows {
                defer { i &+= 1 }
                guard let f = job.cursor.field(row: r, at: job.field) else {
                    job.null(row: r, failures: &failures)
                    nulls[i] = true
                    continue
                }
                let t = TemporalSyntax.parse(f, strict: job.strict)
                let failure: TypingFailure
                switch t.status {
                case .ok:
                    if t.hasOffset {
                        let micros = t.utcMicros
                        if micros >= TemporalSyntax.minMicros, micros <= TemporalSyntax.maxMicros {
                            values[i] = micros
                            continue
                        }
                        failure = .outOfRange
                    } else {
                        failure = .missingOffset
                    }
                case .invalid: failure = .invalid
                case .fractionTooLong: failure = .fractionTooLong
                }
                failures.record(row: r, column: job.column, failure)
                nulls[i] = true
            }
        }
    }
}
