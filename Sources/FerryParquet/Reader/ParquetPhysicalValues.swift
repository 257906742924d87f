/// A page's decoded non-NULL values before they become text: fixed-width values back to back
/// in `data` (little-endian numbers, booleans one byte each, fixed-length bytes as stored), or
/// byte arrays back to back with `offsets`. Reused from page to page.
struct ParquetPhysicalValues {
    var data: [UInt8] = []
    /// For byte arrays: where each value starts in `data`, plus the end of the last.
    var offsets: [Int] = [0]
    var count = 0

    mutating func reset() {
        data.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        offsets.append(0)
        count = 0
    }

    /// Appends a fixed-width integer, little-endian, in `width` (4 or 8) bytes.
    @inline(__always)
    mutating func appendInteger(_ value: Int64, width: Int) {
        var v = UInt64(bitPattern: value)
        for _ in 0..<width {
            data.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    /// Ends a byte-array value whose bytes were appended to `data`.
    @inline(__always)
    mutating func endValue() {
        offsets.append(data.count)
        count += 1
    }
}
