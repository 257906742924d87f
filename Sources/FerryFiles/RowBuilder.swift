import FerryCore

/// The fields and rows that one scan of the buffer accepts, kept in raw memory and appended to
/// the `RawBatch` in bulk by `flush`, so the per-field hot path is a store and an increment
/// (no array uniqueness or capacity checks per field).
///
/// Noncopyable: it owns its allocations and frees them in `deinit`.
struct RowBuilder: ~Copyable {
    private(set) var fieldStart: UnsafeMutablePointer<Int32>
    private(set) var fieldLength: UnsafeMutablePointer<Int32>
    /// Fields appended since the last `flush`.
    private(set) var fieldCount = 0
    private var fieldCapacity: Int
    /// Per row: the index of its end in the batch's field arrays (absolute, see `fieldBase`).
    private var rowFieldEnd: UnsafeMutablePointer<Int32>
    private var rowLine: UnsafeMutablePointer<Int>
    private var recordStart: UnsafeMutablePointer<Int32>
    private var recordEnd: UnsafeMutablePointer<Int32>
    /// Rows ended since the last `flush`.
    private(set) var rowCount = 0
    private var rowCapacity: Int
    /// How many fields the batch held when the fields since the last `flush` began.
    private(set) var fieldBase = 0

    init(fieldCapacity: Int = 1 << 16, rowCapacity: Int = 1 << 13) {
        self.fieldCapacity = max(fieldCapacity, 16)
        self.rowCapacity = max(rowCapacity, 16)
        fieldStart = .allocate(capacity: self.fieldCapacity)
        fieldLength = .allocate(capacity: self.fieldCapacity)
        rowFieldEnd = .allocate(capacity: self.rowCapacity)
        rowLine = .allocate(capacity: self.rowCapacity)
        recordStart = .allocate(capacity: self.rowCapacity)
        recordEnd = .allocate(capacity: self.rowCapacity)
    }

    deinit {
        fieldStart.deallocate()
        fieldLength.deallocate()
        rowFieldEnd.deallocate()
        rowLine.deallocate()
        recordStart.deallocate()
        recordEnd.deallocate()
    }

    /// Starts collecting for `batch`, whose field arrays already hold `fieldBase` fields.
    mutating func begin(fieldBase: Int) {
        self.fieldBase = fieldBase
        fieldCount = 0
        rowCount = 0
    }

    /// Appends a field spanning `start ..< start + length` of `storage`, or NULL with length -1.
    @inline(__always)
    mutating func appendField(start: Int, length: Int) {
        if fieldCount == fieldCapacity { growFields() }
        fieldStart[fieldCount] = Int32(truncatingIfNeeded: start)
        fieldLength[fieldCount] = Int32(truncatingIfNeeded: length)
        fieldCount += 1
    }

    /// Appends the unquoted field `p[start ..< start + length]` when it is empty or a NULL
    /// marker (as NULL, or as the empty text when empty fields are not NULL) and returns true;
    /// returns false, appending nothing, for any other field.
    @inline(__always)
    mutating func appendNullOrEmpty(
        _ p: UnsafePointer<UInt8>, start: Int, length: Int, delta: Int, nulls: NullMarkers
    ) -> Bool {
        if length == 0 {
            appendField(start: start + delta, length: nulls.matchesEmpty ? -1 : 0)
            return true
        }
        if nulls.hasNonEmpty && nulls.matches(p + start, count: length) {
            appendField(start: start + delta, length: -1)
            return true
        }
        return false
    }

    /// Ends a row made of the fields appended since the previous row.
    @inline(__always)
    mutating func endRow(line: Int, recordStart start: Int, recordEnd end: Int) {
        if rowCount == rowCapacity { growRows() }
        rowFieldEnd[rowCount] = Int32(truncatingIfNeeded: fieldBase + fieldCount)
        rowLine[rowCount] = line
        recordStart[rowCount] = Int32(truncatingIfNeeded: start)
        recordEnd[rowCount] = Int32(truncatingIfNeeded: end)
        rowCount += 1
    }

    /// Drops the fields from local index `count` on (a record that was not accepted).
    @inline(__always)
    mutating func truncateFields(to count: Int) {
        fieldCount = count
    }

    /// Appends everything collected to `batch` and starts over for the same batch.
    mutating func flush(into batch: inout RawBatch) {
        batch.fieldStart.append(contentsOf: UnsafeBufferPointer(start: fieldStart, count: fieldCount))
        batch.fieldLength.append(contentsOf: UnsafeBufferPointer(start: fieldLength, count: fieldCount))
        batch.rowFieldOffset.append(contentsOf: UnsafeBufferPointer(start: rowFieldEnd, count: rowCount))
        batch.rowLine.append(contentsOf: UnsafeBufferPointer(start: rowLine, count: rowCount))
        batch.recordStart.append(contentsOf: UnsafeBufferPointer(start: recordStart, count: rowCount))
        batch.recordEnd.append(contentsOf: UnsafeBufferPointer(start: recordEnd, count: rowCount))
        begin(fieldBase: batch.fieldStart.count)
    }

    private mutating func growFields() {
        let capacity = fieldCapacity * 2
        fieldStart = RowBuilder.grow(fieldStart, count: fieldCount, to: capacity)
        fieldLength = RowBuilder.grow(fieldLength, count: fieldCount, to: capacity)
        fieldCapacity = capacity
    }

    private mutating func growRows() {
        let capacity = rowCapacity * 2
        rowFieldEnd = RowBuilder.grow(rowFieldEnd, count: rowCount, to: capacity)
        rowLine = RowBuilder.grow(rowLine, count: rowCount, to: capacity)
        recordStart = RowBuilder.grow(recordStart, count: rowCount, to: capacity)
        recordEnd = RowBuilder.grow(recordEnd, count: rowCount, to: capacity)
        rowCapacity = capacity
    }

    private static func grow<T>(_ old: UnsafeMutablePointer<T>, count: Int, to capacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        new.moveInitialize(from: old, count: count)
        old.deallocate()
        return new
    }
}
