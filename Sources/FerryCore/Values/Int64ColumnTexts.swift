/// The canonical texts (`ValueFormatter`) of whole bigint, boolean, date, timestamp and
/// timestamptz columns, written through a pointer into room reserved once per column instead of
/// appended byte by byte, with the text of each day kept once made (most days of a column come
/// again). The texts are `ValueFormatter`'s to the byte; days outside years 1 to 9999 are left to
/// it.
///
/// It lives in FerryCore beside `PointerText` because Swift 6.3 does not inline `@inlinable`
/// `package` functions into other modules (measured: a call per value from FerryFiles); in this
/// module the per-value writers inline into the column loops. The file writers call it once per
/// column.
package struct Int64ColumnTexts {
    /// Most bytes one text takes: a bigint (20), a timestamp with fraction and `Z` (27).
    private static let maxText = 32
    /// Slots of the day cache: direct-mapped on the day number, so the days of any eleven-year
    /// span all fit.
    private static let slots = 4096
    /// 0001-01-01 and 9999-12-31 as days since 1970 (`CivilDate.days`), as literals: a static
    /// computed by a call is initialised lazily and checked on every use in the loop.
    private static let firstDay: Int64 = -719_162
    private static let lastDay: Int64 = 2_932_896
    private static let microsPerDay: Int64 = 86_400_000_000

    /// The day held by each slot (`Int64.min`: none), and its `YYYY-MM-DD` text (16 bytes a slot).
    private var days: [Int64] = []
    private var texts: [UInt8] = []

    /// The types written here, told apart once per column (comparing `ColumnType`s, which carry
    /// a decimal's precision and scale, costs a call).
    private enum Kind {
        case bigint, boolean, date, timestamp, timestamptz, other
    }

    package init() {}

    /// Appends the text of every value of `vector` (an int64-stored column) to `bytes`, a NULL
    /// as nothing, and where each ends to `ends`.
    package mutating func append(_ vector: ColumnVector, to bytes: inout [UInt8], ends: inout [Int32]) {
        append(vector, rows: 0 ..< vector.count, quoted: false, null: "", to: &bytes, ends: &ends)
    }

    /// Appends the text of rows `rows` of `vector` (an int64-stored column) to `bytes`, between
    /// double quotes when `quoted` (JSON strings: the texts hold nothing JSON escapes), a NULL as
    /// `null` (unquoted, at most 8 bytes), and where each ends to `ends`.
    package mutating func append(_ vector: ColumnVector, rows: Range<Int>, quoted: Bool, null: StaticString,
                         to bytes: inout [UInt8], ends: inout [Int32]) {
        if days.isEmpty {
            days = Array(repeating: .min, count: Self.slots)
            texts = Array(repeating: 0, count: Self.slots * 16)
        }
        let count = rows.count
        let start = bytes.count
        let room = count * (Self.maxText + 2)
        let type = vector.type
        let kind: Kind = switch type {
        case .bigint: .bigint
        case .boolean: .boolean
        case .date: .date
        case .timestamp: .timestamp
        case .timestamptz: .timestamptz
        default: .other
        }
        // Texts and ends are written straight into room added to `bytes` and `ends`.
        vector.ints.withUnsafeBufferPointer { values in
            vector.isNull.withUnsafeBufferPointer { isNull in
                days.withUnsafeMutableBufferPointer { days in
                    texts.withUnsafeMutableBufferPointer { texts in
                        guard let t = texts.baseAddress else { return }
                        ends.append(writingAtMost: count) { e in
                            bytes.append(writingAtMost: room) { o in
                                var w = 0
                                var i = 0
                                for r in rows {
                                    if isNull[r] {
                                        w = PointerText.writeASCII(null, to: o, at: w)
                                    } else {
                                        // One call site, so that `write` inlines.
                                        if quoted {
                                            o[w] = 0x22
                                            w &+= 1
                                        }
                                        w = Self.write(values[r], kind, type, to: o, at: w, days: days, texts: t)
                                        if quoted {
                                            o[w] = 0x22
                                            w &+= 1
                                        }
                                    }
                                    e[i] = Int32(truncatingIfNeeded: start &+ w)
                                    i &+= 1
                                }
                                return w
                            }
                            return count
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func write(_ value: Int64, _ kind: Kind, _ type: ColumnType, to o: UnsafeMutablePointer<UInt8>, at w: Int,
                              days: UnsafeMutableBufferPointer<Int64>, texts: UnsafeMutablePointer<UInt8>) -> Int {
        switch kind {
        case .bigint:
            return PointerText.writeInt(value, to: o, at: w)
        case .boolean:
            return value != 0 ? PointerText.writeASCII("true", to: o, at: w) : PointerText.writeASCII("false", to: o, at: w)
        case .date:
            guard value >= firstDay, value <= lastDay else { return fallback(value, type, to: o, at: w) }
            return writeDay(value, to: o, at: w, days: days, texts: texts)
        case .timestamp, .timestamptz:
            let quotient = value / microsPerDay
            let day = value % microsPerDay < 0 ? quotient - 1 : quotient
            guard day >= firstDay, day <= lastDay else { return fallback(value, type, to: o, at: w) }
            var at = writeDay(day, to: o, at: w, days: days, texts: texts)
            let rest = Int(value - day * microsPerDay)
            o[at] = 0x20
            at = PointerText.writeTimeOfDay(seconds: rest / 1_000_000, micros: rest % 1_000_000, to: o, at: at &+ 1)
            if kind == .timestamptz {
                o[at] = 0x5A
                at &+= 1
            }
            return at
        case .other:
            return fallback(value, type, to: o, at: w)
        }
    }

    /// `ValueFormatter`'s own text, for values outside the fast paths.
    private static func fallback(_ value: Int64, _ type: ColumnType, to o: UnsafeMutablePointer<UInt8>, at w: Int) -> Int {
        var vector = ColumnVector(type: type, capacity: 1)
        vector.append(int: value)
        var text: [UInt8] = []
        ValueFormatter.append(vector, row: 0, to: &text)
        let count = min(text.count, maxText)
        text.withUnsafeBufferPointer { (o + w).update(from: $0.baseAddress!, count: count) }
        return w &+ count
    }

    /// `YYYY-MM-DD` of a day in years 1 to 9999, from the cache when it holds the day.
    @inline(__always)
    private static func writeDay(_ day: Int64, to o: UnsafeMutablePointer<UInt8>, at w: Int,
                                 days: UnsafeMutableBufferPointer<Int64>, texts: UnsafeMutablePointer<UInt8>) -> Int {
        let slot = Int(truncatingIfNeeded: day) & (slots - 1)
        let entry = texts + slot * 16
        if days[slot] != day {
            let (year, month, dayOfMonth) = CivilDate.fromDays(Int(day))
            var at = PointerText.writeTwoDigits(year / 100, to: entry, at: 0)
            at = PointerText.writeTwoDigits(year % 100, to: entry, at: at)
            entry[at] = 0x2D
            at = PointerText.writeTwoDigits(month, to: entry, at: at &+ 1)
            entry[at] = 0x2D
            _ = PointerText.writeTwoDigits(dayOfMonth, to: entry, at: at &+ 1)
            days[slot] = day
        }
        let target = UnsafeMutableRawPointer(o + w)
        let source = UnsafeRawPointer(entry)
        target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
        target.storeBytes(of: source.loadUnaligned(fromByteOffset: 8, as: UInt16.self), toByteOffset: 8, as: UInt16.self)
        return w &+ 10
    }
}
