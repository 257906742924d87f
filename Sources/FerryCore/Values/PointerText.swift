/// Writers of short ASCII texts through a pointer, for the hot loops that print values into room
/// they reserved (the binary COPY decoder, the file writers' column texts): each writes at
/// `o + w` and returns the new end.
package enum PointerText {
    @inline(__always)
    package static func writeASCII(_ text: StaticString, to o: UnsafeMutablePointer<UInt8>, at w: Int) -> Int {
        let count = text.utf8CodeUnitCount
        (o + w).update(from: text.utf8Start, count: count)
        return w &+ count
    }

    /// The decimal digits of `value`, with `-` when negative (20 bytes at most): counted by
    /// comparisons, written two at a time from the end (one 64-bit division per pair).
    @inline(__always)
    package static func writeInt(_ value: Int64, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        var w = start
        if value < 0 {
            o[w] = 0x2D
            w &+= 1
        }
        var m = value.magnitude
        let end = w &+ digitCount(m)
        var k = end
        while m >= 100 {
            let q = m / 100
            let pair = Int(truncatingIfNeeded: m &- q &* 100)
            k &-= 2
            _ = writeTwoDigits(pair, to: o, at: k)
            m = q
        }
        if m >= 10 {
            _ = writeTwoDigits(Int(truncatingIfNeeded: m), to: o, at: k &- 2)
        } else {
            o[k &- 1] = 0x30 &+ UInt8(truncatingIfNeeded: m)
        }
        return end
    }

    /// How many decimal digits `m` has (1 for 0).
    @inline(__always)
    static func digitCount(_ m: UInt64) -> Int {
        var digits = 1
        var limit: UInt64 = 10
        // 10^19 is the largest power of ten below 2^64: past it, every value has 20 digits.
        while digits < 20, m >= limit {
            digits &+= 1
            limit = limit &* 10
        }
        return digits
    }

    /// Two digits of `value` (0...99).
    @inline(__always)
    package static func writeTwoDigits(_ value: Int, to o: UnsafeMutablePointer<UInt8>, at w: Int) -> Int {
        o[w] = 0x30 &+ UInt8(truncatingIfNeeded: value / 10)
        o[w &+ 1] = 0x30 &+ UInt8(truncatingIfNeeded: value % 10)
        return w &+ 2
    }

    /// `HH:MM:SS` of the second `seconds` of a day, then, when `micros` (0...999_999) is not
    /// zero, `.` and its digits without trailing zeros (as PostgreSQL and `ValueFormatter` print).
    @inline(__always)
    package static func writeTimeOfDay(seconds: Int, micros: Int, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        var w = writeTwoDigits(seconds / 3600, to: o, at: start)
        o[w] = 0x3A
        w = writeTwoDigits(seconds / 60 % 60, to: o, at: w &+ 1)
        o[w] = 0x3A
        w = writeTwoDigits(seconds % 60, to: o, at: w &+ 1)
        guard micros > 0 else { return w }
        o[w] = 0x2E
        var fraction = micros
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var k = w &+ digits
        while k > w {
            o[k] = 0x30 &+ UInt8(truncatingIfNeeded: fraction % 10)
            fraction /= 10
            k &-= 1
        }
        return w &+ digits &+ 1
    }
}
