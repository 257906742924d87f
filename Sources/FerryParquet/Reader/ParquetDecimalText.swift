/// Decimal texts of unscaled two's-complement integers: `-12.50` for -1250 at scale 2.
enum ParquetDecimalText {
    /// Big-endian values longer than this are refused (a decimal(1000) needs 416 bytes).
    static let maxBytes = 512

    /// Appends the text of `unscaled` at `scale`: the digits least significant first, the point
    /// after `scale` of them and at least one digit before it, then reversed in place.
    static func append(_ unscaled: Int64, scale: Int, to out: inout [UInt8]) {
        if unscaled < 0 { out.append(0x2D) }
        let start = out.count
        var magnitude = unscaled.magnitude
        var written = 0
        repeat {
            out.append(UInt8(truncatingIfNeeded: 48 + magnitude % 10))
            magnitude /= 10
            written += 1
            if written == scale { out.append(0x2E) }
        } while magnitude > 0 || written <= scale
        out[start...].reverse()
    }

    /// Appends the text of the big-endian two's-complement integer `bytes` at `scale`.
    static func append(bigEndian bytes: ArraySlice<UInt8>, scale: Int, to out: inout [UInt8]) throws(ParquetTextRenderer.Failure) {
        guard bytes.count <= maxBytes else { throw ParquetTextRenderer.Failure(reason: "a decimal of \(bytes.count) bytes") }
        if bytes.isEmpty {
            append(0, scale: scale, to: &out)
            return
        }
        if bytes.count <= 8 {
            var v = Int64(Int8(bitPattern: bytes[bytes.startIndex]))
            for b in bytes.dropFirst() { v = v << 8 | Int64(b) }
            append(v, scale: scale, to: &out)
            return
        }
        let negative = bytes[bytes.startIndex] & 0x80 != 0
        // The magnitude, big-endian, in 32-bit limbs.
        var magnitude = Array(bytes)
        if negative {
            var carry = 1
            for i in stride(from: magnitude.count - 1, through: 0, by: -1) {
                let v = Int(~magnitude[i]) + carry
                magnitude[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
        }
        var limbs: [UInt32] = []
        let pad = (4 - magnitude.count % 4) % 4
        let padded = [UInt8](repeating: 0, count: pad) + magnitude
        for i in stride(from: 0, to: padded.count, by: 4) {
            limbs.append(UInt32(padded[i]) << 24 | UInt32(padded[i + 1]) << 16 | UInt32(padded[i + 2]) << 8 | UInt32(padded[i + 3]))
        }
        // Repeated division by 10^9, least significant chunk first.
        var digits: [UInt8] = []
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for i in limbs.indices {
                let current = remainder << 32 | UInt64(limbs[i])
                limbs[i] = UInt32(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            for _ in 0..<9 {
                digits.append(UInt8(48 + remainder % 10))
                remainder /= 10
            }
        }
        while digits.count > 1, digits.last == 48 { digits.removeLast() }
        if digits.isEmpty { digits = [48] }
        appendDigits(reversed: digits, negative: negative, scale: scale, to: &out)
    }

    /// Appends least-significant-first `digits` with a point before the last `scale` of them.
    private static func appendDigits(reversed digits: [UInt8], negative: Bool, scale: Int, to out: inout [UInt8]) {
        if negative { out.append(0x2D) }
        if digits.count <= scale {
            out.append(0x30)
            out.append(0x2E)
            for _ in 0..<(scale - digits.count) { out.append(0x30) }
            out.append(contentsOf: digits.reversed())
            return
        }
        out.append(contentsOf: digits[scale...].reversed())
        if scale > 0 {
            out.append(0x2E)
            out.append(contentsOf: digits[..<scale].reversed())
        }
    }
}
