/// A column chunk's `Statistics`: null count, and min and max by the column's type-defined order
/// (signed for integers, dates, timestamps and decimals; unsigned bytes for text, JSON and
/// UUIDs; doubles without NaN, with the zero rules of the format) — what readers use to skip row
/// groups.
struct ParquetStatistics {
    /// Text longer than this leaves min and max out (the null count stays): an exact bound of a
    /// long value would bloat the footer, and a truncated one must be adjusted to stay a bound.
    static let maxBoundBytes = 64

    private(set) var nullCount: Int64 = 0
    private(set) var nanCount: Int64 = 0
    private var minInt = Int64.max, maxInt = Int64.min
    private var minDouble = Double.infinity, maxDouble = -Double.infinity
    private var seenInt = false, seenDouble = false
    private var minBytes: [UInt8]?, maxBytes: [UInt8]?
    /// For decimals stored as FIXED_LEN_BYTE_ARRAY: compare as signed big-endian numbers.
    private let signedBytes: Bool

    init(signedBytes: Bool) { self.signedBytes = signedBytes }

    mutating func observeNull() { nullCount += 1 }

    @inline(__always)
    mutating func observe(int value: Int64) {
        seenInt = true
        if value < minInt { minInt = value }
        if value > maxInt { maxInt = value }
    }

    @inline(__always)
    mutating func observe(double value: Double) {
        if value.isNaN {
            nanCount += 1
            return
        }
        seenDouble = true
        if value < minDouble { minDouble = value }
        if value > maxDouble { maxDouble = value }
    }

    mutating func observe(bytes value: UnsafeRawBufferPointer) {
        if let current = minBytes {
            if less(value, current) { minBytes = Array(value) }
        } else {
            minBytes = Array(value)
        }
        if let current = maxBytes {
            if less(current, value) { maxBytes = Array(value) }
        } else {
            maxBytes = Array(value)
        }
    }

    private func less(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        b.withUnsafeBytes { less(a, $0) }
    }

    private func less(_ a: [UInt8], _ b: UnsafeRawBufferPointer) -> Bool {
        a.withUnsafeBytes { less($0, b) }
    }

    /// Unsigned lexicographic order; for signed decimals the first byte compares as signed.
    private func less(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        if signedBytes, let x = a.first, let y = b.first, x != y {
            return Int8(bitPattern: x) < Int8(bitPattern: y)
        }
        let n = min(a.count, b.count)
        var i = 0
        while i < n {
            if a[i] != b[i] { return a[i] < b[i] }
            i += 1
        }
        return a.count < b.count
    }

    /// The fields of the `Statistics` struct for a column of `spec`.
    func write(_ w: inout ThriftCompactWriter, _ spec: ParquetColumnSpec) {
        w.field(3, i64: nullCount)
        if let (maxValue, minValue) = bounds(spec) {
            w.field(5, binary: maxValue)
            w.field(6, binary: minValue)
            w.field(7, bool: true)
            w.field(8, bool: true)
        }
        if spec.physical == .double { w.field(9, i64: nanCount) }
    }

    /// PLAIN-encoded max and min, or nil when there are none to give.
    private func bounds(_ spec: ParquetColumnSpec) -> ([UInt8], [UInt8])? {
        switch spec.physical {
        case .boolean:
            return seenInt ? ([UInt8(maxInt)], [UInt8(minInt)]) : nil
        case .int32:
            guard seenInt else { return nil }
            return (Self.littleEndian(Int32(truncatingIfNeeded: maxInt)), Self.littleEndian(Int32(truncatingIfNeeded: minInt)))
        case .int64:
            return seenInt ? (Self.littleEndian(maxInt), Self.littleEndian(minInt)) : nil
        case .double:
            guard seenDouble else { return nil }
            // The format's rules: a zero max is +0.0 and a zero min is -0.0.
            let high = maxDouble == 0 ? 0.0 : maxDouble
            let low = minDouble == 0 ? -0.0 : minDouble
            return (Self.littleEndian(high.bitPattern), Self.littleEndian(low.bitPattern))
        case .byteArray, .fixedLenByteArray:
            guard let minBytes, let maxBytes, minBytes.count <= Self.maxBoundBytes, maxBytes.count <= Self.maxBoundBytes else { return nil }
            return (maxBytes, minBytes)
        }
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
