/// The RLE / bit-packing hybrid of the format (Encodings.md): definition levels (bit width 1,
/// with a 4-byte little-endian length in data pages v1) and dictionary indices (any width, after
/// one byte holding the width). A run of at least eight equal values is an RLE run; other values
/// go in bit-packed groups of eight, the last group padded with zeros, which readers ignore past
/// the page's value count.
enum RLEHybrid {
    /// Appends definition levels (each 0 or 1), with their length prefix, to `output`.
    static func append(_ levels: [UInt8], to output: inout [UInt8]) {
        let lengthAt = output.count
        output.append(contentsOf: [0, 0, 0, 0])
        appendRuns(levels, bitWidth: 1, to: &output)
        let length = UInt32(output.count - lengthAt - 4)
        withUnsafeBytes(of: length.littleEndian) { bytes in
            for k in 0..<4 { output[lengthAt + k] = bytes[k] }
        }
    }

    /// Appends `values`, each below 2^`bitWidth` (1...32), as runs without a length prefix.
    static func appendRuns<T: FixedWidthInteger & UnsignedInteger>(_ values: [T], bitWidth: Int, to output: inout [UInt8]) {
        let n = values.count
        let valueBytes = (bitWidth + 7) / 8
        var i = 0
        while i < n {
            let run = runLength(values, from: i)
            if run >= 8 {
                varint(UInt64(run) << 1, to: &output)
                let v = UInt64(values[i])
                for k in 0..<valueBytes { output.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
                i += run
                continue
            }
            // Bit-packed groups until a long run starts on a group boundary (at most 63 groups
            // per header, so the header stays one byte).
            let headerAt = output.count
            output.append(0)
            var groups = 0
            repeat {
                var acc: UInt64 = 0
                var bits = 0
                for k in 0..<8 {
                    let v = i + k < n ? UInt64(values[i + k]) : 0
                    acc |= v << UInt64(bits)
                    bits += bitWidth
                    while bits >= 8 {
                        output.append(UInt8(truncatingIfNeeded: acc))
                        acc >>= 8
                        bits -= 8
                    }
                }
                i += 8
                groups += 1
            } while i < n && groups < 63 && runLength(values, from: i) < 8
            output[headerAt] = UInt8(groups << 1 | 1)
        }
    }

    /// The bits needed for `maximum` (at least 1).
    static func bitWidth(_ maximum: UInt32) -> Int { max(1, 32 - maximum.leadingZeroBitCount) }

    private static func runLength<T: Equatable>(_ values: [T], from start: Int) -> Int {
        let value = values[start]
        var end = start + 1
        while end < values.count && values[end] == value { end += 1 }
        return end - start
    }

    private static func varint(_ value: UInt64, to output: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        output.append(UInt8(v))
    }
}
