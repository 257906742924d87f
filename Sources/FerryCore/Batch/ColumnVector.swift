/// The values of one column of a `TypedBatch`, in the storage its type uses (`ColumnStorage`).
package struct ColumnVector: Sendable {
    package let type: ColumnType
    /// `true` where the value is NULL.
    package var isNull: [Bool] = []
    /// Values of `.int64` columns (0 where NULL).
    package var ints: [Int64] = []
    /// Values of `.float64` columns (0 where NULL).
    package var doubles: [Double] = []
    /// UTF-8 bytes of `.bytes` columns, concatenated.
    package var bytes: [UInt8] = []
    /// End offset in `bytes` of each value of a `.bytes` column (start is the previous end).
    package var ends: [Int32] = []

    package init(type: ColumnType, capacity: Int = 0) {
        self.type = type
        isNull.reserveCapacity(capacity)
        switch type.storage {
        case .int64: ints.reserveCapacity(capacity)
        case .float64: doubles.reserveCapacity(capacity)
        case .bytes: ends.reserveCapacity(capacity)
        }
    }

    package var count: Int { isNull.count }

    @inlinable @inline(__always)
    package mutating func appendNull() {
        isNull.append(true)
        switch type.storage {
        case .int64: ints.append(0)
        case .float64: doubles.append(0)
        case .bytes: ends.append(Int32(truncatingIfNeeded: bytes.count))
        }
    }

    @inlinable @inline(__always)
    package mutating func append(int value: Int64) {
        isNull.append(false)
        ints.append(value)
    }

    @inlinable @inline(__always)
    package mutating func append(double value: Double) {
        isNull.append(false)
        doubles.append(value)
    }

    @inlinable @inline(__always)
    package mutating func append(bytes value: UnsafeRawBufferPointer) {
        isNull.append(false)
        bytes.append(contentsOf: value)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    package mutating func append(text value: String) {
        isNull.append(false)
        bytes.append(contentsOf: value.utf8)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    /// Start offset in `bytes` of value `row` of a `.bytes` column.
    @inlinable @inline(__always)
    package func start(of row: Int) -> Int { row == 0 ? 0 : Int(ends[row - 1]) }

    /// Value `row` of a `.bytes` column as a String (a copy; not for hot paths).
    package func text(at row: Int) -> String? {
        isNull[row] ? nil : String(decoding: bytes[start(of: row)..<Int(ends[row])], as: UTF8.self)
    }

    /// Removes the last value (used when a later column of the same row fails to type).
    package mutating func removeLast() {
        isNull.removeLast()
        switch type.storage {
        case .int64: ints.removeLast()
        case .float64: doubles.removeLast()
        case .bytes:
            ends.removeLast()
            bytes.removeSubrange((ends.last.map(Int.init) ?? 0)...)
        }
    }
}
