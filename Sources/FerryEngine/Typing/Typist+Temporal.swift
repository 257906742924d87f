import FerryCore

/// Typing loops of date, timestamp and timestamptz columns.
extension Typist {
    /// `YYYY-MM-DD` only: a text with a time of day is not a date.
    static func typeDate(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        job.typeInt64(into: &v, failures: &failures) { f in
            let t = TemporalSyntax.parse(f, strict: job.strict)
            return t.status == .ok && !t.hasTime && !t.hasOffset ? .value(t.days) : .rejected(.invalid)
        }
    }

    /// Local date and time; a bare date means midnight; a text with a UTC offset is rejected.
    static func typeTimestamp(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        job.typeInt64(into: &v, failures: &failures) { f in
            let t = TemporalSyntax.parse(f, strict: job.strict)
            switch t.status {
            case .ok: return t.hasOffset ? .rejected(.unexpectedOffset) : .value(t.localMicros)
            case .invalid: return .rejected(.invalid)
            case .fractionTooLong: return .rejected(.fractionTooLong)
            }
        }
    }

    /// An instant: date and time with `Z` or a `±HH[:MM]` offset, normalised to UTC.
    static func typeTimestamptz(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        job.typeInt64(into: &v, failures: &failures) { f in
            let t = TemporalSyntax.parse(f, strict: job.strict)
            switch t.status {
            case .ok:
                guard t.hasOffset else { return .rejected(.missingOffset) }
                let micros = t.utcMicros
                return micros >= TemporalSyntax.minMicros && micros <= TemporalSyntax.maxMicros ? .value(micros) : .rejected(.outOfRange)
            case .invalid: return .rejected(.invalid)
            case .fractionTooLong: return .rejected(.fractionTooLong)
            }
        }
    }
}
