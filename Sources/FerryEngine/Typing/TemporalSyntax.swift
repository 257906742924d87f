import FerryCore

/// Byte-level parsing of `YYYY-MM-DD[(T| )HH:MM:SS[.f]][Z|±HH[:MM]|±HHMM]`.
enum TemporalSyntax {
    /// What a temporal text turned out to be.
    struct Parsed {
        enum Status: UInt8 {
            case ok
            case invalid
            /// More than six fraction digits, not all of them zero.
            case fractionTooLong
        }

        var status: Status = .invalid
        /// Days since 1970-01-01.
        var days: Int64 = 0
        var hasTime = false
        /// Microseconds since midnight (0 for a date).
        var microsOfDay: Int64 = 0
        var hasOffset = false
        /// The UTC offset in seconds east of UTC.
        var offsetSeconds: Int64 = 0

        /// Microseconds since 1970-01-01T00:00:00 of the local date and time.
        var localMicros: Int64 { days * TemporalSyntax.microsPerDay + microsOfDay }
        /// Microseconds since 1970-01-01T00:00:00 UTC.
        var utcMicros: Int64 { localMicros - offsetSeconds * 1_000_000 }
    }

    static let microsPerDay: Int64 = 86_400_000_000
    /// 0001-01-01T00:00:00 and 9999-12-31T23:59:59.999999 as microseconds since 1970.
    static let minMicros = Int64(CivilDate.days(year: 1, month: 1, day: 1)) * microsPerDay
    static let maxMicros = Int64(CivilDate.days(year: 9999, month: 12, day: 31)) * microsPerDay + microsPerDay - 1

    private static let fractionScale: [Int64] = [0, 100_000, 10_000, 1_000, 100, 10, 1]

    /// Two digits at `i` as a number, or -1 when either is not a digit.
    @inline(__always)
    private static func twoDigits(_ f: UnsafeRawBufferPointer, _ i: Int) -> Int {
        let a = f[i] &- 0x30
        let b = f[i + 1] &- 0x30
        return a <= 9 && b <= 9 ? Int(a) * 10 + Int(b) : -1
    }

    /// Parses a date, timestamp or timestamp with offset.
    ///
    /// `strict` (inference) allows only `T` or space as separator, `Z` as UTC designator and one
    /// to six fraction digits; otherwise (typing) `t` and `z` are accepted too, and fraction digits
    /// beyond the sixth are accepted when they are all zero (nothing is rounded either way).
    @inline(__always)
    static func parse(_ f: UnsafeRawBufferPointer, strict: Bool) -> Parsed {
        var r = Parsed()
        let n = f.count
        guard n >= 10, f[4] == 0x2D, f[7] == 0x2D else { return r }
        let hi = twoDigits(f, 0)
        let lo = twoDigits(f, 2)
        let month = twoDigits(f, 5)
        let day = twoDigits(f, 8)
        guard hi >= 0, lo >= 0, month >= 1, month <= 12, day >= 1 else { return r }
        let year = hi * 100 + lo
        guard year >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return r }
        r.days = Int64(CivilDate.days(year: year, month: month, day: day))
        if n == 10 {
            r.status = .ok
            return r
        }
        let separator = f[10]
        guard separator == 0x54 || separator == 0x20 || (!strict && separator == 0x74) else { return r }
        guard n >= 19, f[13] == 0x3A, f[16] == 0x3A else { return r }
        let hour = twoDigits(f, 11)
        let minute = twoDigits(f, 14)
        let second = twoDigits(f, 17)
        guard hour >= 0, hour <= 23, minute >= 0, minute <= 59, second >= 0, second <= 59 else { return r }
        r.hasTime = true
        r.microsOfDay = Int64(hour * 3600 + minute * 60 + second) * 1_000_000
        var i = 19
        if i < n, f[i] == 0x2E {
            i += 1
            let fracStart = i
            var fraction: Int64 = 0
            var tooLong = false
            while i < n, f[i] &- 0x30 <= 9 {
                let d = Int64(f[i] &- 0x30)
                if i - fracStart < 6 {
                    fraction = fraction * 10 + d
                } else if d != 0 || strict {
                    tooLong = true
                }
                i += 1
            }
            let digits = i - fracStart
            guard digits >= 1 else { return r }
            r.microsOfDay += fraction * fractionScale[min(digits, 6)]
            if tooLong {
                // Still check the rest of the syntax: a broken text is invalid, not "too long".
                r.status = .fractionTooLong
            }
        }
        if i < n {
            let c = f[i]
            if c == 0x5A || (!strict && c == 0x7A) {
                guard i + 1 == n else { return invalid(r) }
                r.hasOffset = true
            } else if c == 0x2B || c == 0x2D {
                let rest = n - i - 1
                let oh = rest >= 2 ? twoDigits(f, i + 1) : -1
                var om = 0
                switch rest {
                case 2: break
                case 4: om = twoDigits(f, i + 3)
                case 5: om = f[i + 3] == 0x3A ? twoDigits(f, i + 4) : -1
                default: return invalid(r)
                }
                guard oh >= 0, oh <= 23, om >= 0, om <= 59 else { return invalid(r) }
                r.hasOffset = true
                r.offsetSeconds = Int64(oh * 3600 + om * 60) * (c == 0x2D ? -1 : 1)
            } else {
                return invalid(r)
            }
        }
        if r.status != .fractionTooLong { r.status = .ok }
        if strict, r.status == .fractionTooLong { r.status = .invalid }
        return r
    }

    @inline(__always)
    private static func invalid(_ r: Parsed) -> Parsed {
        var r = r
        r.status = .invalid
        return r
    }
}
