import CODBC
import FerryCore

/// Reads and writes `SQL_DATE_STRUCT` and `SQL_TIMESTAMP_STRUCT` values in bound buffers, as
/// Ferry's day and microsecond counts (Docs/connectors/odbc.md). The structs' layout is the C
/// headers'; callers pass buffers of `ODBCCType.date.fixedSize`/`.timestamp.fixedSize` per value.
enum ODBCTemporal {
    /// Stores the date `days` since 1970-01-01 at element `index`.
    @inline(__always)
    static func storeDate(days: Int64, into buffer: UnsafeMutableRawPointer, at index: Int) {
        let (y, m, d) = CivilDate.fromDays(Int(days))
        let value = SQL_DATE_STRUCT(year: SQLSMALLINT(truncatingIfNeeded: y), month: SQLUSMALLINT(truncatingIfNeeded: m), day: SQLUSMALLINT(truncatingIfNeeded: d))
        buffer.storeBytes(of: value, toByteOffset: index * MemoryLayout<SQL_DATE_STRUCT>.stride, as: SQL_DATE_STRUCT.self)
    }

    /// Stores the timestamp `micros` since 1970-01-01T00:00:00 at element `index`; the fraction
    /// is in nanoseconds.
    @inline(__always)
    static func storeTimestamp(micros: Int64, into buffer: UnsafeMutableRawPointer, at index: Int) {
        let perDay: Int64 = 86_400_000_000
        let days = micros.floorDivided(by: perDay)
        var rest = micros - days * perDay
        let (y, m, d) = CivilDate.fromDays(Int(days))
        let hour = rest / 3_600_000_000; rest -= hour * 3_600_000_000
        let minute = rest / 60_000_000; rest -= minute * 60_000_000
        let second = rest / 1_000_000; rest -= second * 1_000_000
        let value = SQL_TIMESTAMP_STRUCT(
            year: SQLSMALLINT(truncatingIfNeeded: y), month: SQLUSMALLINT(truncatingIfNeeded: m), day: SQLUSMALLINT(truncatingIfNeeded: d),
            hour: SQLUSMALLINT(truncatingIfNeeded: hour), minute: SQLUSMALLINT(truncatingIfNeeded: minute),
            second: SQLUSMALLINT(truncatingIfNeeded: second), fraction: SQLUINTEGER(truncatingIfNeeded: rest * 1000))
        buffer.storeBytes(of: value, toByteOffset: index * MemoryLayout<SQL_TIMESTAMP_STRUCT>.stride, as: SQL_TIMESTAMP_STRUCT.self)
    }

    /// Appends `YYYY-MM-DD` for the date at element `index`.
    @inline(__always)
    static func appendDate(from buffer: UnsafeRawPointer, at index: Int, to out: inout [UInt8]) {
        let value = buffer.loadUnaligned(fromByteOffset: index * MemoryLayout<SQL_DATE_STRUCT>.stride, as: SQL_DATE_STRUCT.self)
        CivilDate.appendDate(year: Int(value.year), month: Int(value.month), day: Int(value.day), to: &out)
    }

    /// Appends the canonical text of the timestamp at element `index` (`ValueFormatter`'s
    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`, `Z` after it when `utc`); fraction digits beyond
    /// microseconds are dropped.
    @inline(__always)
    static func appendTimestamp(from buffer: UnsafeRawPointer, at index: Int, utc: Bool, to out: inout [UInt8]) {
        let value = buffer.loadUnaligned(fromByteOffset: index * MemoryLayout<SQL_TIMESTAMP_STRUCT>.stride, as: SQL_TIMESTAMP_STRUCT.self)
        let days = Int64(CivilDate.days(year: Int(value.year), month: Int(value.month), day: Int(value.day)))
        let micros = days * 86_400_000_000 + Int64(value.hour) * 3_600_000_000 + Int64(value.minute) * 60_000_000
            + Int64(value.second) * 1_000_000 + Int64(value.fraction / 1000)
        ValueFormatter.appendTimestamp(micros: micros, utcSuffix: utc, to: &out)
    }
}

extension Int64 {
    /// Division rounding towards negative infinity.
    @inline(__always)
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
