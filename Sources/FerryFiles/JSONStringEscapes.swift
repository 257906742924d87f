/// Unescapes the rest of a JSON string for `JSONLinesScanner`, with the rules of `JSONParser`:
/// the eight short escapes, `\uXXXX` with surrogate pairs joined, and no control characters.
enum JSONStringEscapes {
    /// Appends the string content from `p[i]` (inside the string) to the closing quote to `out`,
    /// unescaped, and moves `i` past the quote. False (with `out` partly written) for anything
    /// `JSONParser` rejects: an unknown escape, a bad or unpaired `\u`, a control character, or
    /// the end of the line before the closing quote.
    static func unescape(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, into out: inout [UInt8]) -> Bool {
        while i < end {
            let b = p[i]
            if b == 0x22 {
                i += 1
                return true
            }
            if b < 0x20 { return false }
            if b != 0x5C {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < end else { return false }
            let e = p[i + 1]
            i += 2
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)      // b
            case 0x66: out.append(0x0C)      // f
            case 0x6E: out.append(0x0A)      // n
            case 0x72: out.append(0x0D)      // r
            case 0x74: out.append(0x09)      // t
            case 0x75:                       // u
                guard var scalar = hex4(p, i, end) else { return false }
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard i + 6 <= end, p[i] == 0x5C, p[i + 1] == 0x75, let low = hex4(p, i + 2, end),
                          low >= 0xDC00 && low <= 0xDFFF else { return false }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    return false
                }
                appendUTF8(scalar, to: &out)
            default:
                return false
            }
        }
        return false
    }

    /// The value of four hex digits at `p[i]`, or nil.
    private static func hex4(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> UInt32? {
        guard i + 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let b = p[i + k]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// Appends the UTF-8 encoding of a scalar value (not a surrogate, at most U+10FFFF).
    private static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }
}
