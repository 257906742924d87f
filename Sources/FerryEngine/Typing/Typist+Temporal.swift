import FerryCore

/// Typing loops of date, timestamp and timestamptz columns.
extension Typist {
    /// `YYYY-MM-DD` only: a text with a time of day is not a date.
    static func typeDate(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        for r in job.rows {
            guard let f = job.cursor.field(row: r, at: job.field) else {
                job.null(row: r, failures: &failures)
                v.appendNullInt64()
                continue
            }
            let t = TemporalSyntax.parse(f, strict: false)
            if t.status == .ok, !t.hasTime, !t.hasOffset {
                v.appendInt64(t.days)
            } else {
                failures.record(row: r, column: job.column, .invalid)
                v.appendNullInt64()
            }
        }
    }

    /// Local date and time; a bare date means midnight; a text with a UTC offset is rejected.
    static func typeTimestamp(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        for r in job.rows {
            guard let f = job.cursor.field(row: r, at: job.field) else {
                job.null(row: r, failures: &failures)
                v.appendNullInt64()
                continue
            }
            let t = TemporalSyntax.parse(f, strict: false)
            let failure: TypingFailure
            switch t.status {
            case .ok:
                if !t.hasOffset {
                    v.appendInt64(t.localMicros)
                    continue
                }
                failure = .unexpectedOffset
            case .invalid: failure = .invalid
            case .fractionTooLong: failure = .fractionTooLong
            }
            failures.record(row: r, column: job.column, failure)
            v.appendNullInt64()
        }
    }

    /// An instant: date and time with `Z` or a `±HH[:MM]` offset, normalised to UTC.
    static func typeTimestamptz(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        for r in job.rows {
            guard let f = job.cursor.field(row: r, at: job.field) else {
                job.null(row: r, failures: &failures)
                v.appendNullInt64()
                continue
            }
            let t = TemporalSyntax.parse(f, strict: false)
            let failure: TypingFailure
            switch t.status {
            case .ok:
                if t.hasOffset {
                    let micros = t.utcMicros
                    if micros >= TemporalSyntax.minMicros, micros <= TemporalSyntax.maxMicros {
                        v.appendInt64(micros)
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
            v.appendNullInt64()
        }
    }
}
