import FerryCore

/// What typing one field gives: its value, or why the row is rejected.
enum FieldTyping<Value> {
    case value(Value)
    case rejected(TypingFailure)
}

/// The one loop every typing function runs: take each row's field, treat a missing one as NULL,
/// type the others, and record the rejected ones. The loops are inlined into each typing
/// function, so the per-value closure costs no call.
extension ColumnJob {
    /// Types the block into new int64 slots of `v`.
    @inline(__always)
    func typeInt64(into v: inout ColumnVector, failures: inout FailureTable,
                   _ type: (UnsafeRawBufferPointer) -> FieldTyping<Int64>) {
        v.withNewInt64Slots(rows.count) { values, nulls in
            typeEach(into: values, nulls: nulls, failures: &failures, type)
        }
    }

    /// Types the block into new double slots of `v`.
    @inline(__always)
    func typeDouble(into v: inout ColumnVector, failures: inout FailureTable,
                    _ type: (UnsafeRawBufferPointer) -> FieldTyping<Double>) {
        v.withNewDoubleSlots(rows.count) { values, nulls in
            typeEach(into: values, nulls: nulls, failures: &failures, type)
        }
    }

    /// Types the block into a bytes column: `type` appends the value to `v` and returns nil, or
    /// returns why the row is rejected, having appended nothing.
    @inline(__always)
    func typeBytes(into v: inout ColumnVector, failures: inout FailureTable,
                   _ type: (UnsafeRawBufferPointer, inout ColumnVector) -> TypingFailure?) {
        for r in rows {
            guard let f = cursor.field(row: r, at: field) else {
                null(row: r, failures: &failures)
                v.appendNullBytes()
                continue
            }
            if let failure = type(f, &v) {
                failures.record(row: r, column: column, failure)
                v.appendNullBytes()
            }
        }
    }

    @inline(__always)
    private func typeEach<Value>(into values: UnsafeMutablePointer<Value>, nulls: UnsafeMutablePointer<Bool>,
                                 failures: inout FailureTable, _ type: (UnsafeRawBufferPointer) -> FieldTyping<Value>) {
        var i = 0
        for r in rows {
            defer { i &+= 1 }
            guard let f = cursor.field(row: r, at: field) else {
                null(row: r, failures: &failures)
                nulls[i] = true
                continue
            }
            switch type(f) {
            case let .value(x):
                values[i] = x
            case let .rejected(failure):
                failures.record(row: r, column: column, failure)
                nulls[i] = true
            }
        }
    }
}
