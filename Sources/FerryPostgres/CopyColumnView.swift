import FerryCore

/// Raw views of one column's buffers for the COPY encoding loops, valid only inside
/// `CopyColumnView.with(_:_:)`; the buffers a storage does not use are empty.
struct CopyColumnView {
    var isNull: UnsafePointer<Bool>
    var ints: UnsafePointer<Int64>?
    var doubles: UnsafePointer<Double>?
    /// Start of the column's bytes; a valid one-byte pointer when the column has none.
    var bytes: UnsafePointer<UInt8>
    var ends: UnsafePointer<Int32>?

    /// The byte range of value `row` of a bytes column.
    @inline(__always)
    func span(_ row: Int) -> (start: UnsafePointer<UInt8>, count: Int) {
        // `ends` exists for every bytes column (checked by `with`).
        let ends = self.ends.unsafelyUnwrapped
        let start = row == 0 ? 0 : Int(ends[row - 1])
        return (bytes + start, Int(ends[row]) - start)
    }

    /// Calls `body` with views of every column of `batch`, which must have at least one row (one
    /// nested `withUnsafeBufferPointer` per buffer, so the pointers stay valid for the whole
    /// call). `placeholder` stands in for the bytes of a bytes column that has none (all values
    /// empty or NULL): it is never read, as every span of such a column is empty. Throws when a
    /// column's buffers are shorter than the batch's row count, so the loops stay in bounds.
    static func with<R>(
        _ batch: TypedBatch, placeholder: UnsafePointer<UInt8>, _ body: (UnsafeBufferPointer<CopyColumnView>) throws(FerryError) -> R
    ) throws(FerryError) -> R {
        var views: [CopyColumnView] = []
        views.reserveCapacity(batch.columns.count)
        return try nest(batch, 0, placeholder, &views, body)
    }

    private static func nest<R>(
        _ batch: TypedBatch, _ index: Int, _ placeholder: UnsafePointer<UInt8>, _ views: inout [CopyColumnView],
        _ body: (UnsafeBufferPointer<CopyColumnView>) throws(FerryError) -> R
    ) throws(FerryError) -> R {
        if index == batch.columns.count {
            return try views.withUnsafeBufferPointer { (all) throws(FerryError) -> R in try body(all) }
        }
        let column = batch.columns[index]
        let rows = batch.rowCount
        guard rows > 0, column.isNull.count >= rows else { throw mismatch(index) }
        return try column.isNull.withUnsafeBufferPointer { (nulls) throws(FerryError) -> R in
            guard let nullBase = nulls.baseAddress else { throw mismatch(index) }
            var view = CopyColumnView(isNull: nullBase, bytes: placeholder)
            switch column.type.storage {
            case .int64:
                return try nest(pinning: column.ints, as: \.ints, of: view, batch, index, placeholder, &views, body)
            case .float64:
                return try nest(pinning: column.doubles, as: \.doubles, of: view, batch, index, placeholder, &views, body)
            case .bytes:
                guard column.ends.count >= rows, rows == 0 || Int(column.ends[rows - 1]) <= column.bytes.count else {
                    throw mismatch(index)
                }
                return try column.bytes.withUnsafeBufferPointer { (bytes) throws(FerryError) -> R in
                    try column.ends.withUnsafeBufferPointer { (ends) throws(FerryError) -> R in
                        if let base = bytes.baseAddress { view.bytes = base }
                        view.ends = ends.baseAddress
                        views.append(view)
                        return try nest(batch, index + 1, placeholder, &views, body)
                    }
                }
            }
        }
    }

    /// Pins `values` (one or more per row) as the `field` of `view`, column `index`'s view, and
    /// goes on with the next column: the same for every fixed-width storage.
    private static func nest<Value, R>(
        pinning values: [Value], as field: WritableKeyPath<CopyColumnView, UnsafePointer<Value>?>, of view: CopyColumnView,
        _ batch: TypedBatch, _ index: Int, _ placeholder: UnsafePointer<UInt8>, _ views: inout [CopyColumnView],
        _ body: (UnsafeBufferPointer<CopyColumnView>) throws(FerryError) -> R
    ) throws(FerryError) -> R {
        guard values.count >= batch.rowCount else { throw mismatch(index) }
        return try values.withUnsafeBufferPointer { (buffer) throws(FerryError) -> R in
            var view = view
            view[keyPath: field] = buffer.baseAddress
            views.append(view)
            return try nest(batch, index + 1, placeholder, &views, body)
        }
    }

    private static func mismatch(_ column: Int) -> FerryError {
        FerryError(.internalError, stage: .load, "column \(column + 1) of a batch has fewer values than the batch has rows")
    }
}
