/// Decodes the values section of a data page (or a dictionary page) into
/// `ParquetPhysicalValues`: PLAIN, RLE (booleans), BYTE_STREAM_SPLIT, and the DELTA encodings
/// (`ParquetDeltaDecoder`). Every read is checked against the section's bytes.
enum ParquetValueDecoder {
    /// Why a page's values could not be decoded.
    enum Failure: Error {
        case malformed(String)
        case unsupported(String)
    }

    /// The format's `Encoding` numbers.
    enum Encoding: Int32 {
        case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5
        case deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
    }

    /// Decodes `count` values of `column` in `encoding` from `bytes` into `values` (reset first).
    static func decode(
        _ bytes: UnsafeRawBufferPointer, encoding: Encoding, count: Int, column: ParquetLeafColumn,
        into values: inout ParquetPhysicalValues
    ) throws(Failure) {
        values.reset()
        switch (encoding, column.physical) {
        case (.plain, .boolean): try plainBooleans(bytes, count: count, into: &values)
        case (.plain, .byteArray): try plainByteArrays(bytes, count: count, into: &values)
        case (.plain, _): try plainFixed(bytes, count: count, width: column.width, into: &values)
        case (.rle, .boolean): try rleBooleans(bytes, count: count, into: &values)
        case (.byteStreamSplit, .float), (.byteStreamSplit, .double), (.byteStreamSplit, .int32),
             (.byteStreamSplit, .int64), (.byteStreamSplit, .fixedLenByteArray):
            try byteStreamSplit(bytes, count: count, width: column.width, into: &values)
        case (.deltaBinaryPacked, .int32), (.deltaBinaryPacked, .int64):
            var integers: [Int64] = []
            do throws(ParquetDeltaDecoder.Failure) {
                _ = try ParquetDeltaDecoder.integers(bytes, count: count, into: &integers)
            } catch { throw .malformed(error.reason) }
            for v in integers { values.appendInteger(v, width: column.width) }
            values.count = integers.count
        case (.deltaLengthByteArray, .byteArray):
            do throws(ParquetDeltaDecoder.Failure) { try ParquetDeltaDecoder.lengthByteArrays(bytes, count: count, into: &values) } catch { throw .malformed(error.reason) }
        case (.deltaByteArray, .byteArray), (.deltaByteArray, .fixedLenByteArray):
            do throws(ParquetDeltaDecoder.Failure) { try ParquetDeltaDecoder.byteArrays(bytes, count: count, into: &values) } catch { throw .malformed(error.reason) }
            if column.physical == .fixedLenByteArray {
                for i in 0..<values.count where values.offsets[i + 1] - values.offsets[i] != column.width {
                    throw .malformed("a DELTA_BYTE_ARRAY value of the wrong length for FIXED_LEN_BYTE_ARRAY(\(column.width))")
                }
                values.offsets = [0]
            }
        default:
            throw .unsupported("the encoding \(encoding) for \(column.physical.name) values")
        }
        guard values.count == count else { throw .malformed("\(values.count) values where the page has \(count)") }
    }

    private static func plainFixed(_ bytes: UnsafeRawBufferPointer, count: Int, width: Int, into values: inout ParquetPhysicalValues) throws(Failure) {
        let (total, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, total <= bytes.count else { throw .malformed("PLAIN values end early") }
        values.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<total]))
        values.count = count
    }

    private static func plainBooleans(_ bytes: UnsafeRawBufferPointer, count: Int, into values: inout ParquetPhysicalValues) throws(Failure) {
        guard (count + 7) / 8 <= bytes.count else { throw .malformed("PLAIN booleans end early") }
        values.data.reserveCapacity(count)
        for i in 0..<count { values.data.append((bytes[i >> 3] >> UInt8(i & 7)) & 1) }
        values.count = count
    }

    private static func plainByteArrays(_ bytes: UnsafeRawBufferPointer, count: Int, into values: inout ParquetPhysicalValues) throws(Failure) {
        var p = 0
        let n = bytes.count
        values.data.reserveCapacity(n)
        values.offsets.reserveCapacity(min(count, n / 4) + 1)
        for _ in 0..<count {
            guard n - p >= 4 else { throw .malformed("a PLAIN byte array's length ends early") }
            let length = Int(UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24)
            p += 4
            guard length <= n - p else { throw .malformed("a PLAIN byte array of \(length) bytes past the page's end") }
            values.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[p..<p + length]))
            p += length
            values.endValue()
        }
    }

    /// Booleans as an RLE run of bit width 1 after a 4-byte length.
    private static func rleBooleans(_ bytes: UnsafeRawBufferPointer, count: Int, into values: inout ParquetPhysicalValues) throws(Failure) {
        guard bytes.count >= 4 else { throw .malformed("RLE booleans have no length") }
        let length = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        guard length <= bytes.count - 4 else { throw .malformed("RLE booleans of \(length) bytes past the page's end") }
        var decoded: [UInt32] = []
        do throws(RLEHybridDecoder.Failure) {
            try RLEHybridDecoder.decode(UnsafeRawBufferPointer(rebasing: bytes[4..<4 + length]), bitWidth: 1, count: count, into: &decoded)
        } catch {
            if case let .malformed(reason) = error { throw Failure.malformed(reason) }
        }
        values.data.reserveCapacity(count)
        for v in decoded { values.data.append(UInt8(truncatingIfNeeded: v)) }
        values.count = decoded.count
    }

    /// `width` streams of `count` bytes: byte k of value i is at k * count + i.
    private static func byteStreamSplit(_ bytes: UnsafeRawBufferPointer, count: Int, width: Int, into values: inout ParquetPhysicalValues) throws(Failure) {
        let (total, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, total <= bytes.count else { throw .malformed("BYTE_STREAM_SPLIT values end early") }
        values.data = [UInt8](repeating: 0, count: total)
        values.data.withUnsafeMutableBytes { out in
            for k in 0..<width {
                let stream = k * count
                for i in 0..<count { out[i * width + k] = bytes[stream + i] }
            }
        }
        values.count = count
    }
}
