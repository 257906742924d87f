/// Records as untyped field texts, as readers produce them: one flat byte buffer plus spans.
///
/// Readers append unquoted fields as spans of the input chunk they copied into `storage`, and
/// fields that needed unescaping after it, so the common case copies each byte once. Every row
/// keeps the span of its original record, for the reject file.
package struct RawBatch: Sendable {
    /// The bytes that field and record spans point into.
    package var storage: [UInt8] = []
    /// Start of each field in `storage`.
    package var fieldStart: [Int32] = []
    /// Length of each field in bytes, or -1 for NULL.
    package var fieldLength: [Int32] = []
    /// Index of each row's first field in the field arrays, plus one final end index.
    package var rowFieldOffset: [Int32] = [0]
    /// Line number (1-based) where each row's record starts in the source.
    package var rowLine: [Int] = []
    /// Span of each row's original record in `storage`.
    package var recordStart: [Int32] = []
    package var recordEnd: [Int32] = []
    /// The file every row of the batch comes from, when the source reads several
    /// (Docs/many-files.md); rejects then name it.
    package var sourceFile: String?

    package init() {}

    package var rowCount: Int { rowLine.count }

    /// Number of fields of row `row`.
    @inlinable @inline(__always)
    package func fieldCount(row: Int) -> Int { Int(rowFieldOffset[row + 1] - rowFieldOffset[row]) }

    /// Appends a field that spans `storage[start ..< start + length]`, or a NULL with length -1.
    @inlinable @inline(__always)
    package mutating func appendField(start: Int, length: Int) {
        fieldStart.append(Int32(truncatingIfNeeded: start))
        fieldLength.append(Int32(truncatingIfNeeded: length))
    }

    /// Ends the current row, whose fields were appended since the previous `endRow`.
    @inlinable @inline(__always)
    package mutating func endRow(line: Int, recordStart start: Int, recordEnd end: Int) {
        rowFieldOffset.append(Int32(truncatingIfNeeded: fieldStart.count))
        rowLine.append(line)
        recordStart.append(Int32(truncatingIfNeeded: start))
        recordEnd.append(Int32(truncatingIfNeeded: end))
    }

    /// Drops fields appended since the last `endRow` (a record that turned out to be rejected).
    package mutating func discardOpenRow() {
        let keep = Int(rowFieldOffset[rowFieldOffset.count - 1])
        fieldStart.removeSubrange(keep...)
        fieldLength.removeSubrange(keep...)
    }

    /// The original record bytes of `row`.
    package func record(row: Int) -> ArraySlice<UInt8> {
        storage[Int(recordStart[row])..<Int(recordEnd[row])]
    }

    /// The text of field `column` of `row`, or nil for NULL (a copy; not for hot paths).
    package func text(row: Int, column: Int) -> String? {
        let f = Int(rowFieldOffset[row]) + column
        let len = Int(fieldLength[f])
        guard len >= 0 else { return nil }
        let start = Int(fieldStart[f])
        return String(decoding: storage[start..<start + len], as: UTF8.self)
    }

    /// Removes all rows, keeping capacity for the next batch.
    package mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        fieldStart.removeAll(keepingCapacity: true)
        fieldLength.removeAll(keepingCapacity: true)
        rowFieldOffset.removeAll(keepingCapacity: true)
        rowFieldOffset.append(0)
        rowLine.removeAll(keepingCapacity: true)
        recordStart.removeAll(keepingCapacity: true)
        recordEnd.removeAll(keepingCapacity: true)
    }
}
