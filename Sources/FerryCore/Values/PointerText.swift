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

    /// The decimal digits of `value`, with `-` when negative (20 bytes at most).
    @inline(__always)
    package static func writeInt(_ value: Int64, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        var w = start
        if value < 0 {
            o[w] = 0x2D
            w &+= 1
        }
        var m = value.magnitude
        var digits = 1
        var rest = m / 10
        while rest > 0 {
            digits &+= 1
            rest /= 10
        }
        var k = w &+ digits
        repeat {
            k &-= 1
            o[k] = 0x30 &+ UInt8(truncatingIfNeeded: m % 10)
            m /= 10
        } while m > 0
        return w &+ digits
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
