import FerryCore

/// The text PostgreSQL's output functions print for binary values, in `PostgresSource`'s session:
/// `boolout` (`t`/`f`), `int2out`/`int4out`/`int8out`, `float8out` with extra_float_digits > 0
/// (shortest exact digits, fixed notation for decimal exponents from -4 to 14, else
/// `d.ddde±XX`), `numeric_out`, ISO `date_out`,
/// `timestamp_out` and `timestamptz_out` in UTC (`+00`; `infinity`, years past 9999 in full,
/// ` BC` for years up to 1 BC) and `uuid_out`. Writers write at `o + w` and return the new end;
/// `textBound` gives the room they may need.
extension PostgresBinaryRows {
    /// Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
    static let epochDays = 10_957
    static let microsPerDay: Int64 = 86_400_000_000

    /// Most bytes the text of the `count`-byte binary value at `p` takes; the value's length is
    /// checked against its type.
    @inline(__always)
    static func textBound(_ field: Field, _ p: UnsafePointer<UInt8>, _ count: Int, column: Int) throws(Problem) -> Int {
        let expected: Int
        let bound: Int
        switch field {
        case .text, .jsonb:
            // Escaped in the record (two bytes each at most), then copied once more after it.
            return 3 &* count
        case .numeric:
            guard count >= 8 else { throw .value(column: column) }
            let weight = Int(int16(p + 2))
            let scale = Int(int16(p + 6))
            return 16 + max(weight + 1, 1) * 4 + max(scale, 0)
        case .bool: (expected, bound) = (1, 1)
        case .int2: (expected, bound) = (2, 6)
        case .int4: (expected, bound) = (4, 11)
        case .int8: (expected, bound) = (8, 20)
        // Shortest digits (17 at most), sign, point, exponent; then room for the digits while parsed.
        case .float8: (expected, bound) = (8, 96)
        case .date: (expected, bound) = (4, 20)
        case .timestamp, .timestamptz: (expected, bound) = (8, 48)
        case .uuid: (expected, bound) = (16, 36)
        }
        guard count == expected else { throw .value(column: column) }
        return bound
    }

    /// Writes the text of a fixed-format value (every field but text and jsonb); nil when the
    /// bytes are not a value of the type.
    @inline(__always)
    static func writeText(_ field: Field, _ p: UnsafePointer<UInt8>, _ count: Int, dates: DateTexts,
                          to o: UnsafeMutablePointer<UInt8>, at w: Int) -> Int? {
        switch field {
        case .bool:
            o[w] = p[0] != 0 ? 0x74 : 0x66
            return w &+ 1
        case .int2: return writeInt(Int64(int16(p)), to: o, at: w)
        case .int4: return writeInt(Int64(int32(p)), to: o, at: w)
        case .int8: return writeInt(int64(p), to: o, at: w)
        case .float8: return writeDouble(Double(bitPattern: UInt64(bitPattern: int64(p))), to: o, at: w)
        case .numeric: return writeNumeric(p, count, to: o, at: w)
        case .date: return writeDate(int32(p), dates: dates, to: o, at: w)
        case .timestamp: return writeTimestamp(int64(p), zone: false, dates: dates, to: o, at: w)
        case .timestamptz: return writeTimestamp(int64(p), zone: true, dates: dates, to: o, at: w)
        case .uuid: return writeUUID(p, to: o, at: w)
        case .text, .jsonb: return copy(p, count, to: o, at: w)
        }
    }

    @inline(__always)
    static func writeASCII(_ text: StaticString, to o: UnsafeMutablePointer<UInt8>, at w: Int) -> Int {
        PointerText.writeASCII(text, to: o, at: w)
    }

    @inline(__always)
    static func writeInt(_ value: Int64, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        PointerText.writeInt(value, to: o, at: start)
    }

    /// Two digits of `value` (0...99).
    @inline(__always)
    static func writeTwoDigits(_ value: Int, to o: UnsafeMutablePointer<UInt8>, at w: Int) -> Int {
        PointerText.writeTwoDigits(value, to: o, at: w)
    }

    /// `YYYY-MM-DD` (years past 9999 with all their digits) of a day count since 1970; also
    /// whether the year is 1 BC or earlier (year 0 of the proleptic calendar is 1 BC).
    @inline(__always)
    static func writeCivilDate(days: Int, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> (end: Int, bc: Bool) {
        let (year, month, day) = CivilDate.fromDays(days)
        let bc = year <= 0
        let shown = bc ? 1 - year : year
        var w = start
        if shown < 10_000 {
            w = writeTwoDigits(shown / 100, to: o, at: w)
            w = writeTwoDigits(shown % 100, to: o, at: w)
        } else {
            w = writeInt(Int64(shown), to: o, at: w)
        }
        o[w] = 0x2D
        w = writeTwoDigits(month, to: o, at: w &+ 1)
        o[w] = 0x2D
        w = writeTwoDigits(day, to: o, at: w &+ 1)
        return (w, bc)
    }

    /// A date: days since 2000-01-01; the extreme values are ±infinity.
    static func writeDate(_ value: Int32, dates: DateTexts, to o: UnsafeMutablePointer<UInt8>, at w: Int) -> Int {
        if value == .min { return writeASCII("-infinity", to: o, at: w) }
        if value == .max { return writeASCII("infinity", to: o, at: w) }
        let (end, bc) = dates.write(days: Int(value) + epochDays, to: o, at: w)
        return bc ? writeASCII(" BC", to: o, at: end) : end
    }

    /// A timestamp: microseconds since 2000-01-01 00:00:00 (UTC for timestamptz, then `+00`); the
    /// extreme values are ±infinity. The fraction drops its trailing zeros, as PostgreSQL's does.
    static func writeTimestamp(_ value: Int64, zone: Bool, dates: DateTexts, to o: UnsafeMutablePointer<UInt8>,
                               at start: Int) -> Int {
        if value == .min { return writeASCII("-infinity", to: o, at: start) }
        if value == .max { return writeASCII("infinity", to: o, at: start) }
        var days = value / microsPerDay
        var rest = value - days * microsPerDay
        if rest < 0 {
            days -= 1
            rest += microsPerDay
        }
        var (w, bc) = dates.write(days: Int(days) + epochDays, to: o, at: start)
        let seconds = Int(rest / 1_000_000)
        let micros = Int(rest % 1_000_000)
        o[w] = 0x20
        w = PointerText.writeTimeOfDay(seconds: seconds, micros: micros, to: o, at: w &+ 1)
        if zone { w = writeASCII("+00", to: o, at: w) }
        return bc ? writeASCII(" BC", to: o, at: w) : w
    }

    /// 8-4-4-4-12 lowercase hex digits.
    static func writeUUID(_ p: UnsafePointer<UInt8>, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        var w = start
        for i in 0 ..< 16 {
            if i == 4 || i == 6 || i == 8 || i == 10 {
                o[w] = 0x2D
                w &+= 1
            }
            let high = p[i] >> 4, low = p[i] & 0x0F
            o[w] = high < 10 ? 0x30 &+ high : 0x57 &+ high
            o[w &+ 1] = low < 10 ? 0x30 &+ low : 0x57 &+ low
            w &+= 2
        }
        return w
    }

    /// `numeric_out`: int16 ndigits, weight, sign, dscale, then ndigits base-10000 digits; the
    /// integer part without leading zeros (`0` when there is none), then exactly dscale fraction
    /// digits. nil when the bytes are not a numeric.
    static func writeNumeric(_ p: UnsafePointer<UInt8>, _ count: Int, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int? {
        let ndigits = Int(int16(p))
        let weight = Int(int16(p + 2))
        let sign = UInt16(bitPattern: int16(p + 4))
        let scale = Int(int16(p + 6))
        guard ndigits >= 0, count == 8 + 2 * ndigits, scale >= 0 else { return nil }
        switch sign {
        case 0xC000: return writeASCII("NaN", to: o, at: start)
        case 0xD000: return writeASCII("Infinity", to: o, at: start)
        case 0xF000: return writeASCII("-Infinity", to: o, at: start)
        case 0x0000, 0x4000: break
        default: return nil
        }
        for i in 0 ..< ndigits {
            let digit = int16(p + 8 + 2 * i)
            guard digit >= 0, digit < 10_000 else { return nil }
        }
        var w = start
        if sign == 0x4000 {
            o[w] = 0x2D
            w &+= 1
        }
        var d: Int
        if weight < 0 {
            d = weight + 1
            o[w] = 0x30
            w &+= 1
        } else {
            d = 0
            while d <= weight {
                let digit = d < ndigits ? Int(int16(p + 8 + 2 * d)) : 0
                if d == 0 {
                    // The first group without its leading zeros (its last digit always).
                    w = writeInt(Int64(digit), to: o, at: w)
                } else {
                    w = writeFourDigits(digit, to: o, at: w)
                }
                d &+= 1
            }
        }
        if scale > 0 {
            o[w] = 0x2E
            w &+= 1
            let end = w &+ scale
            // Whole groups of four, then the end cuts the last one to the scale.
            while w < end {
                let digit = d >= 0 && d < ndigits ? Int(int16(p + 8 + 2 * d)) : 0
                w = writeFourDigits(digit, to: o, at: w)
                d &+= 1
            }
            w = end
        }
        return w
    }

    /// The four digits of a base-10000 digit (0...9999), leading zeros included. Here rather
    /// than two `PointerText.writeTwoDigits`: Swift does not inline a `package` function of
    /// another module, and numerics take one group after another.
    @inline(__always)
    static func writeFourDigits(_ value: Int, to o: UnsafeMutablePointer<UInt8>, at w: Int) -> Int {
        let high = value / 100, low = value % 100
        o[w] = 0x30 &+ UInt8(truncatingIfNeeded: high / 10)
        o[w &+ 1] = 0x30 &+ UInt8(truncatingIfNeeded: high % 10)
        o[w &+ 2] = 0x30 &+ UInt8(truncatingIfNeeded: low / 10)
        o[w &+ 3] = 0x30 &+ UInt8(truncatingIfNeeded: low % 10)
        return w &+ 4
    }

    /// The shortest digits that read back as `value` (Swift's `description` finds them, as
    /// PostgreSQL's Ryu does, but for values on a rounding boundary: see `PostgresBinaryRows`),
    /// laid out as `float8out` does.
    static func writeDouble(_ value: Double, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        if value.isNaN { return writeASCII("NaN", to: o, at: start) }
        if value.isInfinite { return writeASCII(value < 0 ? "-Infinity" : "Infinity", to: o, at: start) }
        if value == 0 { return writeASCII(value.sign == .minus ? "-0" : "0", to: o, at: start) }
        // The significant digits go to scratch room past the output (textBound reserves it).
        let digits = o + start + 48
        var count = 0
        var point = 0 // decimal exponent: value = 0.digits × 10^point (before the exponent part)
        var exponent = 0
        var negative = false
        var seenPoint = false
        var inExponent = false
        var negativeExponent = false
        var text = value.description
        text.withUTF8 { bytes in
            for c in bytes {
                if inExponent {
                    if c == 0x2D {
                        negativeExponent = true
                    } else if c >= 0x30, c <= 0x39 {
                        exponent = exponent * 10 + Int(c - 0x30)
                    }
                } else if c == 0x2D {
                    negative = true
                } else if c == 0x2E {
                    seenPoint = true
                } else if c == 0x65 || c == 0x45 {
                    inExponent = true
                } else if c >= 0x30, c <= 0x39 {
                    if count == 0 && c == 0x30 {
                        if seenPoint { point -= 1 }
                    } else if count < 40 {
                        digits[count] = c
                        count += 1
                        if !seenPoint { point += 1 }
                    }
                }
            }
        }
        while count > 1 && digits[count - 1] == 0x30 { count -= 1 }
        let e = point - 1 + (negativeExponent ? -exponent : exponent)
        var w = start
        if negative {
            o[w] = 0x2D
            w &+= 1
        }
        if e >= -4 && e < 15 {
            if e < 0 {
                o[w] = 0x30
                o[w + 1] = 0x2E
                w += 2
                for _ in 0 ..< (-e - 1) {
                    o[w] = 0x30
                    w += 1
                }
                for i in 0 ..< count { o[w + i] = digits[i] }
                return w + count
            }
            let integerDigits = e + 1
            for i in 0 ..< min(count, integerDigits) { o[w + i] = digits[i] }
            if count <= integerDigits {
                for i in count ..< integerDigits { o[w + i] = 0x30 }
                return w + integerDigits
            }
            w += integerDigits
            o[w] = 0x2E
            w += 1
            for i in integerDigits ..< count {
                o[w] = digits[i]
                w += 1
            }
            return w
        }
        o[w] = digits[0]
        w += 1
        if count > 1 {
            o[w] = 0x2E
            w += 1
            for i in 1 ..< count {
                o[w] = digits[i]
                w += 1
            }
        }
        o[w] = 0x65
        o[w + 1] = e < 0 ? 0x2D : 0x2B
        w += 2
        let magnitude = abs(e)
        if magnitude >= 100 {
            o[w] = 0x30 + UInt8(magnitude / 100)
            w += 1
        }
        return writeTwoDigits(magnitude % 100, to: o, at: w)
    }
}

/// The texts of recent days (`PostgresBinaryRows.writeCivilDate`), so a day that comes again
/// (most do: a table's dates span few years) is copied instead of computed. Direct-mapped on
/// the day number; the memory is owned here and freed in `deinit`; one decoder uses it, from
/// one thread at a time.
final class DateTexts {
    private static let slots = 4096
    /// The day held by each slot; `Int.min` for none (no day count is that low).
    private let keys: UnsafeMutablePointer<Int>
    /// 24 bytes per slot: the text's length (bit 7: BC), then the text (13 bytes at most) in
    /// 16 bytes that are copied whole.
    private let texts: UnsafeMutablePointer<UInt8>

    init() {
        keys = .allocate(capacity: Self.slots)
        keys.initialize(repeating: .min, count: Self.slots)
        texts = .allocate(capacity: Self.slots * 24)
        texts.initialize(repeating: 0, count: Self.slots * 24)
    }

    deinit {
        keys.deallocate()
        texts.deallocate()
    }

    /// Writes the date of `days` (since 1970) as `writeCivilDate` does, and may write up to 16
    /// bytes past `o + w` (the date fields' room in `textBound` allows for it).
    @inline(__always)
    func write(days: Int, to o: UnsafeMutablePointer<UInt8>, at w: Int) -> (end: Int, bc: Bool) {
        let slot = days & (Self.slots - 1)
        let entry = texts + slot * 24
        if keys[slot] != days {
            let (end, bc) = PostgresBinaryRows.writeCivilDate(days: days, to: entry, at: 1)
            entry[0] = UInt8(truncatingIfNeeded: end - 1) | (bc ? 0x80 : 0)
            keys[slot] = days
        }
        let count = Int(entry[0] & 0x7F)
        let target = UnsafeMutableRawPointer(o + w)
        let source = UnsafeRawPointer(entry + 1)
        target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
        target.storeBytes(of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        return (w &+ count, entry[0] & 0x80 != 0)
    }
}
