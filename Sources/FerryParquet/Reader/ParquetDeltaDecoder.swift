/// The DELTA encodings (Encodings.md): DELTA_BINARY_PACKED integers, DELTA_LENGTH_BYTE_ARRAY
/// (delta-packed lengths, then the bytes) and DELTA_BYTE_ARRAY (delta-packed prefix lengths,
/// then DELTA_LENGTH_BYTE_ARRAY suffixes).
enum ParquetDeltaDecoder {
    struct Failure: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Decodes `count` DELTA_BINARY_PACKED integers (the header's own count must be `count`)
    /// into `output` (replaced); returns the bytes consumed, through the last miniblock used.
    static func integers(_ bytes: UnsafeRawBufferPointer, count: Int, into output: inout [Int64]) throws(Failure) -> Int {
        output.removeAll(keepingCapacity: true)
        var p = 0
        let blockSize = try varint(bytes, &p)
        let miniblocks = try varint(bytes, &p)
        let total = try varint(bytes, &p)
        var value = try zigzag(try varint(bytes, &p))
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw Failure("a DELTA_BINARY_PACKED header with block size \(blockSize) and \(miniblocks) miniblocks")
        }
        guard total == UInt64(count) else { throw Failure("DELTA_BINARY_PACKED holds \(total) values where the page has \(count)") }
        let perMiniblock = Int(blockSize / miniblocks)
        let miniblockCount = Int(miniblocks)
        output.reserveCapacity(count)
        if count > 0 { output.append(value) }
        let wanted = count
        var decoded = min(wanted, 1)
        while decoded < wanted {
            let minDelta = try zigzag(try varint(bytes, &p))
            guard miniblockCount <= bytes.count - p else { throw Failure("DELTA_BINARY_PACKED bit widths end early") }
            let widthsAt = p
            p += miniblockCount
            for m in 0..<miniblockCount where decoded < wanted {
                let width = Int(bytes[widthsAt + m])
                guard width <= 64 else { throw Failure("a DELTA_BINARY_PACKED bit width of \(width)") }
                let size = perMiniblock * width / 8
                guard size <= bytes.count - p else { throw Failure("a DELTA_BINARY_PACKED miniblock ends early") }
                var buffer: UInt64 = 0
                var bits = 0
                var q = p
                for _ in 0..<perMiniblock where decoded < wanted {
                    var delta: UInt64
                    if width == 0 {
                        delta = 0
                    } else {
                        // Gather `width` bits, LSB first, across bytes.
                        delta = 0
                        var have = 0
                        while have < width {
                            if bits == 0 {
                                buffer = UInt64(bytes[q])
                                q += 1
                                bits = 8
                            }
                            let take = min(width - have, bits)
                            let piece = buffer & ((UInt64(1) << UInt64(take)) &- 1)
                            delta |= piece << UInt64(have)
                            buffer >>= UInt64(take)
                            bits -= take
                            have += take
                        }
                    }
                    value = value &+ minDelta &+ Int64(bitPattern: delta)
                    output.append(value)
                    decoded += 1
                }
                p += size
            }
        }
        return p
    }

    /// DELTA_LENGTH_BYTE_ARRAY: `count` lengths, then the values' bytes back to back.
    static func lengthByteArrays(_ bytes: UnsafeRawBufferPointer, count: Int, into values: inout ParquetPhysicalValues) throws(Failure) {
        _ = try lengthByteArrays(bytes, count: count, into: &values, appending: false)
    }

    /// DELTA_BYTE_ARRAY: prefix lengths, then suffixes (DELTA_LENGTH_BYTE_ARRAY); each value is
    /// the previous value's first `prefix` bytes followed by its suffix.
    static func byteArrays(_ bytes: UnsafeRawBufferPointer, count: Int, into values: inout ParquetPhysicalValues) throws(Failure) {
        var prefixes: [Int64] = []
        let used = try integers(bytes, count: count, into: &prefixes)
        var suffixes = ParquetPhysicalValues()
        _ = try lengthByteArrays(UnsafeRawBufferPointer(rebasing: bytes[used...]), count: count, into: &suffixes, appending: false)
        values.data.reserveCapacity(suffixes.data.count)
        var previousStart = 0
        var previousLength = 0
        for i in 0..<count {
            let prefix = prefixes[i]
            guard prefix >= 0, prefix <= Int64(previousLength) else {
                throw Failure("a DELTA_BYTE_ARRAY prefix of \(prefix) bytes after a value of \(previousLength)")
            }
            let start = values.data.count
            for k in 0..<Int(prefix) { values.data.append(values.data[previousStart + k]) }
            values.data.append(contentsOf: suffixes.data[suffixes.offsets[i]..<suffixes.offsets[i + 1]])
            guard values.data.count <= ParquetColumnReader.maxPageBytes else {
                throw Failure("DELTA_BYTE_ARRAY values of more than \(ParquetColumnReader.maxPageBytes >> 20) MiB in one page")
            }
            previousStart = start
            previousLength = values.data.count - start
            values.endValue()
        }
    }

    private static func lengthByteArrays(
        _ bytes: UnsafeRawBufferPointer, count: Int, into values: inout ParquetPhysicalValues, appending: Bool
    ) throws(Failure) -> Int {
        var lengths: [Int64] = []
        var p = try integers(bytes, count: count, into: &lengths)
        values.data.reserveCapacity(bytes.count - p)
        for length in lengths {
            guard length >= 0, length <= Int64(bytes.count - p) else {
                throw Failure("a DELTA_LENGTH_BYTE_ARRAY value of \(length) bytes past the page's end")
            }
            let n = Int(length)
            values.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[p..<p + n]))
            p += n
            values.endValue()
        }
        return p
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, _ p: inout Int) throws(Failure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard p < bytes.count else { throw Failure("a DELTA header ends early") }
            let b = bytes[p]
            p += 1
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw Failure("a varint longer than ten bytes") }
        }
    }

    private static func zigzag(_ v: UInt64) throws(Failure) -> Int64 {
        Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }
}
