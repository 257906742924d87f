/// Reads the RLE / bit-packing hybrid (Encodings.md): definition levels, dictionary indices and
/// RLE booleans. Runs that claim more values than asked for are cut to the count, so a hostile
/// run length allocates nothing.
struct RLEHybridDecoder {
    enum Failure: Error { case malformed(String) }

    /// Decodes `count` values of `bitWidth` (0...32) bits from `bytes` into `output` (replaced).
    /// Returns the bytes consumed.
    @discardableResult
    static func decode(
        _ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into output: inout [UInt32]
    ) throws(Failure) -> Int {
        output.removeAll(keepingCapacity: true)
        guard bitWidth >= 0, bitWidth <= 32 else { throw .malformed("a bit width of \(bitWidth)") }
        output.reserveCapacity(count)
        var p = 0
        let n = bytes.count
        let valueBytes = (bitWidth + 7) / 8
        let mask: UInt64 = bitWidth == 0 ? 0 : (UInt64(1) << UInt64(bitWidth)) - 1
        while output.count < count {
            // The run header, a ULEB128 varint.
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard p < n else { throw .malformed("the levels or indices end early") }
                let b = bytes[p]
                p += 1
                header |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { break }
                shift += 7
                guard shift < 64 else { throw .malformed("a run header longer than ten bytes") }
            }
            if header & 1 == 0 {
                let run = Int(clamping: header >> 1)
                guard run > 0 else { throw .malformed("an empty run") }
                guard valueBytes <= n - p else { throw .malformed("a run's value ends early") }
                var value: UInt32 = 0
                for k in 0..<valueBytes { value |= UInt32(bytes[p + k]) << UInt32(8 * k) }
                p += valueBytes
                let take = min(run, count - output.count)
                output.append(contentsOf: repeatElement(value, count: take))
            } else {
                let groups = Int(clamping: header >> 1)
                guard groups > 0 else { throw .malformed("an empty bit-packed run") }
                let groupsUsed = min(groups, (count - output.count + 7) / 8)
                // A last run may be cut short by a writer that ends the page there.
                let available = min(groupsUsed * bitWidth, n - p)
                let values = min(groupsUsed * 8, count - output.count, bitWidth == 0 ? Int.max : available * 8 / bitWidth)
                guard values > 0 else { throw .malformed("a bit-packed run ends early") }
                var buffer: UInt64 = 0
                var bits = 0
                var q = p
                for _ in 0..<values {
                    while bits < bitWidth {
                        buffer |= UInt64(bytes[q]) << UInt64(bits)
                        q += 1
                        bits += 8
                    }
                    output.append(UInt32(truncatingIfNeeded: buffer & mask))
                    buffer >>= UInt64(bitWidth)
                    bits -= bitWidth
                }
                p += available
            }
        }
        return p
    }
}
