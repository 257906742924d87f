import FerryCore

/// Decoded Parquet values in the storage of the `ColumnType` their column declares
/// (`ColumnStorage`), for typed chunks (`ParquetSource.nextTyped`): the values typing their
/// canonical texts would store.
extension ParquetTextRenderer {
    /// Value `i` of a column whose type is stored as `.int64`: a bigint, a boolean as 0/1, a
    /// date as days since 1970-01-01, a timestamp as microseconds since 1970-01-01T00:00:00.
    @inline(__always)
    static func stored(_ values: ParquetPhysicalValues, _ i: Int, _ column: ParquetLeafColumn) throws(Failure) -> Int64 {
        let w = column.width
        switch column.rendering {
        case .boolean:
            return values.data[i] != 0 ? 1 : 0
        case .signed:
            return integer(values.data, at: i * w, width: w, signed: true)
        case .unsigned where w == 4:
            return integer(values.data, at: i * 4, width: 4, signed: false)
        case .date:
            let days = integer(values.data, at: i * 4, width: 4, signed: true)
            guard days >= minDay, days <= maxDay else { throw Failure(reason: "a date outside the years 1 to 9999") }
            return days
        case let .timestamp(unit, _):
            return try inTimestampRange(micros(integer(values.data, at: i * 8, width: 8, signed: true), unit))
        case .int96:
            let nanos = integer(values.data, at: i * 12, width: 8, signed: true)
            let julian = integer(values.data, at: i * 12 + 8, width: 4, signed: true)
            // 2440588 is the Julian day of 1970-01-01.
            let days = julian - 2_440_588
            guard days >= minDay, days <= maxDay, nanos >= 0, nanos < 86_400_000_000_000 else {
                throw Failure(reason: "an INT96 timestamp outside the years 1 to 9999")
            }
            return try inTimestampRange(days * 86_400_000_000 + nanos / 1000)
        default:
            throw Failure(reason: "a \(column.physical.name) value where an integer was expected")
        }
    }

    /// Value `i` of a FLOAT or DOUBLE column, as the double its text reads back as.
    @inline(__always)
    static func storedDouble(_ values: ParquetPhysicalValues, _ i: Int, _ column: ParquetLeafColumn) -> Double {
        if column.rendering == .float {
            return Double(Float(bitPattern: UInt32(truncatingIfNeeded: integer(values.data, at: i * 4, width: 4, signed: false))))
        }
        return Double(bitPattern: UInt64(bitPattern: integer(values.data, at: i * 8, width: 8, signed: true)))
    }

    @inline(__always)
    private static func inTimestampRange(_ micros: Int64) throws(Failure) -> Int64 {
        guard micros >= minDay * 86_400_000_000, micros < (maxDay + 1) * 86_400_000_000 else {
            throw Failure(reason: "a timestamp outside the years 1 to 9999")
        }
        return micros
    }
}
