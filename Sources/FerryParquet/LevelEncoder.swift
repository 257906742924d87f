/// The RLE / bit-packing hybrid of definition levels with bit width 1 (0: NULL, 1: a value), as
/// data pages v1 store them: a 4-byte little-endian length, then runs. A run of at least eight
/// equal levels is an RLE run; other levels go in bit-packed groups of eight (the last group of
/// a page padded with zeros, which readers ignore past the page's value count).
enum LevelEncoder {
    /// Appends the encoded `levels` (each 0 or 1), with their length prefix, to `output`.
    static func append(_ levels: [UInt8], to output: inout [UInt8]) {
        let lengthAt = output.count
        output.append(contentsOf: [0, 0, 0, 0])
        let n = levels.count
        var i = 0
        while i < n {
            let run = runLength(levels, from: i)
            if run >= 8 {
                varint(UInt64(run) << 1, to: &output)
                output.append(levels[i])
                i += run
                continue
            }
            // Bit-packed groups until a long run starts on a group boundary (at most 63 groups
            // per header, so the header stays one byte).
            let headerAt = output.count
            output.append(0)
            var groups = 0
            repeat {
                var byte: UInt8 = 0
                for bit in 0..<8 where i + bit < n && levels[i + bit] != 0 {
                    byte |= 1 << UInt8(bit)
                }
                output.append(byte)
                i += 8
                groups += 1
            } while i < n && groups < 63 && runLength(levels, from: i) < 8
            output[headerAt] = UInt8(groups << 1 | 1)
        }
        let length = UInt32(output.count - lengthAt - 4)
        withUnsafeBytes(of: length.littleEndian) { bytes in
            for k in 0..<4 { output[lengthAt + k] = bytes[k] }
        }
    }

    private static func runLength(_ levels: [UInt8], from start: Int) -> Int {
        let value = levels[start]
        var end = start + 1
        while end < levels.count && levels[end] == value { end += 1 }
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
