import FerryCore

/// Storage-specific appends for the typing loops (which already know the storage), and the
/// removal of rejected rows.
///
/// FerryCore's `append(int:)` and friends are not `@inlinable`, so from this module they are
/// real calls; these inline into the loops (measured: about a third of a bigint field's time).
extension ColumnVector {
    @inline(__always)
    mutating func appendInt64(_ value: Int64) {
        isNull.append(false)
        ints.append(value)
    }

    @inline(__always)
    mutating func appendDouble(_ value: Double) {
        isNull.append(false)
        doubles.append(value)
    }

    @inline(__always)
    mutating func appendBytes(_ value: UnsafeRawBufferPointer) {
        isNull.append(false)
        bytes.append(contentsOf: value)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    @inline(__always)
    mutating func appendNullInt64() {
        isNull.append(true)
        ints.append(0)
    }

    @inline(__always)
    mutating func appendNullDouble() {
        isNull.append(true)
        doubles.append(0)
    }

    @inline(__always)
    mutating func appendNullBytes() {
        isNull.append(true)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    /// Closes a bytes value whose bytes were appended to `bytes` piece by piece.
    @inline(__always)
    mutating func endBytesValue() {
        isNull.append(false)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    /// Adds `count` int64 values (0, not NULL) and runs `body` with pointers to their values and
    /// NULL flags, which it sets by index: the typing loops then store each value without the
    /// uniqueness and capacity checks of `append`. The pointers are valid only inside `body`.
    @inline(__always)
    mutating func withNewInt64Slots(_ count: Int, _ body: (UnsafeMutablePointer<Int64>, UnsafeMutablePointer<Bool>) -> Void) {
        Self.withNewSlots(count, values: &ints, nulls: &isNull, body)
    }

    /// Adds `count` double values (0, not NULL) and runs `body` with pointers to their values and
    /// NULL flags, as `withNewInt64Slots` does.
    @inline(__always)
    mutating func withNewDoubleSlots(_ count: Int, _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Bool>) -> Void) {
        Self.withNewSlots(count, values: &doubles, nulls: &isNull, body)
    }

    @inline(__always)
    private static func withNewSlots<Value: Numeric>(_ count: Int, values: inout [Value], nulls: inout [Bool],
                                                      _ body: (UnsafeMutablePointer<Value>, UnsafeMutablePointer<Bool>) -> Void) {
        guard count > 0 else { return }
        let base = nulls.count
        nulls.append(contentsOf: repeatElement(false, count: count))
        values.append(contentsOf: repeatElement(0, count: count))
        values.withUnsafeMutableBufferPointer { values in
            nulls.withUnsafeMutableBufferPointer { nulls in
                // Both arrays hold `base + count > 0` elements, so both addresses exist.
                if let v = values.baseAddress, let n = nulls.baseAddress { body(v + base, n + base) }
            }
        }
    }

    /// Reserves room for `more` values, growing geometrically so repeated calls stay linear.
    mutating func reserve(more: Int) {
        let needed = count + more
        guard isNull.capacity < needed else { return }
        let target = max(needed, isNull.capacity * 2)
        isNull.reserveCapacity(target)
        switch type.storage {
        case .int64: ints.reserveCapacity(target)
        case .float64: doubles.reserveCapacity(target)
        case .bytes: ends.reserveCapacity(target)
        }
    }

    /// Removes the values at `first + i` for every `i` where `failed[i]` is not -1.
    mutating func removeRows(from first: Int, failed: [Int32]) {
        var write = first
        switch type.storage {
        case .int64:
            write = Self.keepRows(from: first, failed: failed, values: &ints, nulls: &isNull)
        case .float64:
            write = Self.keepRows(from: first, failed: failed, values: &doubles, nulls: &isNull)
        case .bytes:
            var byteWrite = first == 0 ? 0 : Int(ends[first - 1])
            var valueStart = byteWrite
            for i in failed.indices {
                let read = first + i
                let valueEnd = Int(ends[read])
                if failed[i] < 0 {
                    if byteWrite != valueStart {
                        // Moves left only, so a forward copy never overwrites bytes still to move.
                        var from = valueStart
                        var to = byteWrite
                        while from < valueEnd {
                            bytes[to] = bytes[from]
                            from += 1
                            to += 1
                        }
                    }
                    byteWrite += valueEnd - valueStart
                    isNull[write] = isNull[read]
                    ends[write] = Int32(truncatingIfNeeded: byteWrite)
                    write += 1
                }
                valueStart = valueEnd
            }
            ends.removeSubrange(write...)
            bytes.removeSubrange(byteWrite...)
        }
        isNull.removeSubrange(write...)
    }

    /// Moves the kept values of fixed-size storage left over the failed ones and drops the rest
    /// of `values`; returns how many values stand before the first dropped one.
    private static func keepRows<Value>(from first: Int, failed: [Int32], values: inout [Value], nulls: inout [Bool]) -> Int {
        var write = first
        for i in failed.indices where failed[i] < 0 {
            nulls[write] = nulls[first + i]
            values[write] = values[first + i]
            write += 1
        }
        values.removeSubrange(write...)
        return write
    }
}
