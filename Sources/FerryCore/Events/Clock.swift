#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall and monotonic time for events and durations.
package enum Clock {
    /// Milliseconds since the Unix epoch (wall clock).
    package static func unixMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Seconds on a monotonic clock, for durations and rates.
    package static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `2026-11-21T21:30:00.123Z` for a Unix time in milliseconds.
    package static func iso8601(millis: Int64) -> String {
        let days = Int(millis.floorDiv(86_400_000))
        let msOfDay = Int(millis - Int64(days) * 86_400_000)
        let (y, m, d) = CivilDate.fromDays(days)
        var s = CivilDate.format(year: y, month: m, day: d)
        s += "T" + pad(msOfDay / 3_600_000) + ":" + pad(msOfDay / 60_000 % 60) + ":" + pad(msOfDay / 1000 % 60)
        let ms = msOfDay % 1000
        s += "." + (ms < 10 ? "00" : ms < 100 ? "0" : "") + String(ms) + "Z"
        return s
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
}

extension Int64 {
    /// Division rounding towards negative infinity.
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
