import FerryCore

/// Unsafe, bounds-check-free access to the field spans of a `RawBatch`, for the typing loops.
///
/// Valid only inside `FieldCursor.with(_:_:)`, which pins the batch's arrays for the duration of
/// the body; the cursor never escapes it.
struct FieldCursor {
    let storage: UnsafeRawBufferPointer
    let starts: UnsafeBufferPointer<Int32>
    let lengths: UnsafeBufferPointer<Int32>
    let rowOffsets: UnsafeBufferPointer<Int32>

    /// Runs `body` with a cursor over `batch`.
    static func with<R>(_ batch: RawBatch, _ body: (FieldCursor) -> R) -> R {
        batch.storage.withUnsafeBytes { storage in
            batch.fieldStart.withUnsafeBufferPointer { starts in
                batch.fieldLength.withUnsafeBufferPointer { lengths in
                    batch.rowFieldOffset.withUnsafeBufferPointer { rowOffsets in
                        body(FieldCursor(storage: storage, starts: starts, lengths: lengths, rowOffsets: rowOffsets))
                    }
                }
            }
        }
    }

    /// The bytes of field `field` of `row`, or nil when it is NULL or the row has fewer fields.
    @inline(__always)
    func field(row: Int, at field: Int) -> UnsafeRawBufferPointer? {
        let first = Int(rowOffsets[row])
        guard field < Int(rowOffsets[row + 1]) - first else { return nil }
        let index = first + field
        let length = Int(lengths[index])
        guard length >= 0 else { return nil }
        let start = Int(starts[index])
        return UnsafeRawBufferPointer(rebasing: storage[start ..< start + length])
    }
}
