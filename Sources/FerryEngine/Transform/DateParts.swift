import FerryCore

/// Calendar fields of dates (days since 1970-01-01) and timestamps (microseconds since
/// 1970-01-01T00:00:00, UTC for timestamptz), for `date_part`/`year()`… and `date_trunc`.
enum DateParts {
    static let parts = ["year", "month", "day", "hour", "minute", "second", "dow", "doy"]
    static let truncations = ["year", "month", "week", "day", "hour", "minute", "second"]
    static let microsPerDay: Int64 = 86_400_000_000

    /// Days and microseconds into the day of a value of `type` (floor division).
    @inline(__always)
    static func split(_ value: Int64, _ type: ColumnType) -> (days: Int64, micros: Int64) {
        guard type != .date else { return (value, 0) }
        let days = value >= 0 ? value / microsPerDay : (value - microsPerDay + 1) / microsPerDay
        return (days, value - days * microsPerDay)
    }

    static func part(_ name: String, days: Int64, micros: Int64) -> Int64 {
        switch name {
        case "hour": return micros / 3_600_000_000
        case "minute": return micros / 60_000_000 % 60
        case "second": return micros / 1_000_000 % 60
        case "dow": return ((days + 4) % 7 + 7) % 7
        default: break
        }
        let (y, m, d) = CivilDate.fromDays(Int(days))
        switch name {
        case "year": return Int64(y)
        case "month": return Int64(m)
        case "doy": return days - Int64(CivilDate.days(year: y, month: 1, day: 1)) + 1
        default: return Int64(d)
        }
    }

    static func truncate(_ name: String, days: Int64, micros: Int64) -> (days: Int64, micros: Int64) {
        switch name {
        case "second": return (days, micros - micros % 1_000_000)
        case "minute": return (days, micros - micros % 60_000_000)
        case "hour": return (days, micros - micros % 3_600_000_000)
        case "day": return (days, 0)
        case "week": return (days - (((days + 3) % 7 + 7) % 7), 0)
        default:
            let (y, m, _) = CivilDate.fromDays(Int(days))
            return (Int64(CivilDate.days(year: y, month: name == "year" ? 1 : m, day: 1)), 0)
        }
    }
}

extension ExprEvaluator {
    func datePart(_ name: String, _ v: ColumnVector) -> ColumnVector {
        var out = ColumnVector(type: .bigint, capacity: count)
        for i in 0..<count {
            if v.isNull[i] { out.appendNull(); continue }
            let (d, us) = DateParts.split(v.ints[i], v.type)
            out.append(int: DateParts.part(name, days: d, micros: us))
        }
        return out
    }

    func dateTrunc(_ name: String, _ v: ColumnVector) -> ColumnVector {
        var out = ColumnVector(type: v.type, capacity: count)
        for i in 0..<count {
            if v.isNull[i] { out.appendNull(); continue }
            let (d, us) = DateParts.split(v.ints[i], v.type)
            let t = DateParts.truncate(name, days: d, micros: us)
            out.append(int: v.type == .date ? t.days : t.days * DateParts.microsPerDay + t.micros)
        }
        return out
    }
}
