import FerryCore

/// The text forms of batch values that Parquet stores as numbers or bytes: canonical decimals
/// (`-12.50`) as unscaled integers, canonical UUIDs as their 16 bytes.
enum ParquetValueText {
    /// The unscaled value of the decimal `text` at `scale` as a 64-bit integer, or nil when the
    /// text is not a decimal, has non-zero digits beyond `scale`, or does not fit.
    static func unscaled(_ text: UnsafeRawBufferPointer, scale: Int) -> Int64? {
        var value: Int64 = 0
        var ok = true
        let negative = digits(text, scale: scale) { digit in
            guard ok else { return }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(digit))
            if o1 || o2 { ok = false } else { value = sum }
        }
        guard ok, let negative else { return nil }
        return negative ? -value : value
    }

    /// The unscaled value of the decimal `text` at `scale`, as `width` bytes of big-endian two's
    /// complement appended to `output`; false when the text is not a decimal of that scale or
    /// does not fit.
    static func appendUnscaled(_ text: UnsafeRawBufferPointer, scale: Int, width: Int, to output: inout [UInt8]) -> Bool {
        var magnitude = [UInt8](repeating: 0, count: width)  // big-endian
        var overflow = false
        let negative = digits(text, scale: scale) { digit in
            var carry = Int(digit)
            var i = width - 1
            while i >= 0 {
                let v = Int(magnitude[i]) * 10 + carry
                magnitude[i] = UInt8(v & 0xFF)
                carry = v >> 8
                i -= 1
            }
            if carry != 0 { overflow = true }
        }
        // The magnitude must leave the sign bit clear.
        guard let negative, !overflow, magnitude[0] & 0x80 == 0 else { return false }
        if negative {
            var carry = 1
            var i = width - 1
            while i >= 0 {
                let v = Int(~magnitude[i]) + carry
                magnitude[i] = UInt8(v & 0xFF)
                carry = v >> 8
                i -= 1
            }
        }
        output.append(contentsOf: magnitude)
        return true
    }

    /// Feeds the digits of the unscaled value to `digit`, the fraction padded with zeros to
    /// `scale`; returns whether the value is negative, or nil when `text` is not a decimal or
    /// has non-zero digits beyond `scale`.
    private static func digits(_ text: UnsafeRawBufferPointer, scale: Int, _ digit: (UInt8) -> Void) -> Bool? {
        var i = 0
        var negative = false
        if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var any = false
        while i < text.count, text[i] != UInt8(ascii: ".") {
            let d = text[i] &- 0x30
            guard d < 10 else { return nil }
            digit(d)
            any = true
            i += 1
        }
        var fraction = 0
        if i < text.count {
            i += 1  // "."
            while i < text.count {
                let d = text[i] &- 0x30
                guard d < 10 else { return nil }
                if fraction < scale {
                    digit(d)
                } else if d != 0 {
                    return nil
                }
                fraction += 1
                any = true
                i += 1
            }
        }
        guard any else { return nil }
        while fraction < scale {
            digit(0)
            fraction += 1
        }
        return negative
    }

    /// The 16 bytes of the UUID `text` (hex digits with optional hyphens) written to `out`
    /// (16 bytes); false when it is not one.
    @inline(__always)
    static func parseUUID(_ text: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Bool {
        if text.count == 36 && parseCanonicalUUID(text, into: out) { return true }
        return parseUUIDDigits(text, into: out)
    }

    /// `parseUUID` for the canonical `8-4-4-4-12` form (the typist's, and nearly every
    /// source's): the 16 digit pairs are at fixed places, so no test per character for a
    /// hyphen. False when `text` is not that form, leaving `out` undefined.
    @inline(__always)
    static func parseCanonicalUUID(_ text: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Bool {
        guard text[8] == 0x2D, text[13] == 0x2D, text[18] == 0x2D, text[23] == 0x2D else { return false }
        var invalid: UInt8 = 0
        for k in 0..<16 {
            // Byte k's digits: at 2k, moved on by one for each hyphen before them (after bytes 4, 6, 8, 10).
            let at = 2 &* k &+ (k >= 4 ? 1 : 0) &+ (k >= 6 ? 1 : 0) &+ (k >= 8 ? 1 : 0) &+ (k >= 10 ? 1 : 0)
            let high = nibble(text[at]), low = nibble(text[at &+ 1])
            invalid |= high | low
            out[k] = high << 4 | low & 0x0F
        }
        return invalid < 16
    }

    /// 0–15 for a hex digit (either case), 0xFF for any other byte.
    @inline(__always)
    private static func nibble(_ c: UInt8) -> UInt8 {
        let digit = c &- 0x30, letter = (c | 0x20) &- 0x61
        return digit < 10 ? digit : letter < 6 ? letter &+ 10 : 0xFF
    }

    /// `parseUUID` for any layout: hex digits, hyphens anywhere skipped.
    static func parseUUIDDigits(_ text: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Bool {
        var bytes = 0
        var high: UInt8 = 0
        var haveHigh = false
        for c in text {
            if c == UInt8(ascii: "-") { continue }
            let nibble: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = c &- UInt8(ascii: "A") &+ 10
            default: return false
            }
            if haveHigh {
                guard bytes < 16 else { return false }
                out[bytes] = high << 4 | nibble
                bytes += 1
                haveHigh = false
            } else {
                high = nibble
                haveHigh = true
            }
        }
        return bytes == 16 && !haveHigh
    }

    /// Appends the 16 bytes of the UUID `text` (hex digits with optional hyphens); false when it
    /// is not one.
    static func appendUUID(_ text: UnsafeRawBufferPointer, to output: inout [UInt8]) -> Bool {
        var uuid: (UInt64, UInt64) = (0, 0)
        guard withUnsafeMutableBytes(of: &uuid, { parseUUID(text, into: $0) }) else { return false }
        withUnsafeBytes(of: &uuid) { output.append(contentsOf: $0) }
        return true
    }
}
