import FerryCore

/// The per-batch working state of a delimited reader besides the `RawBatch` itself: unescaped
/// field bytes waiting to be appended to `storage`, the records rejected so far, and the slow
/// path that decides about a record with a problem.
struct RecordAssembly {
    /// Unescaped field bytes; appended to `storage` by `finish`.
    var scratch: [UInt8] = []
    /// Indices (absolute, in the batch's field arrays) of fields whose start is an offset in `scratch`.
    var scratchFields: [Int] = []
    var rejected: [RejectedRecord] = []
    /// Field count and position of the last record scanned, accepted or not.
    var lastFieldCount = 0
    var lastRecordStart = 0
    var lastRecordLine = 1

    /// Column names for reject reasons, and the field count every record must have (-1: any).
    let names: [String]
    let expected: Int

    init(names: [String], expected: Int) {
        self.names = names
        self.expected = expected
    }

    /// Appends the unescaped bytes to `storage` and points their fields at them.
    mutating func finish(into batch: inout RawBatch) {
        guard !scratch.isEmpty || !scratchFields.isEmpty else { return }
        let base = Int32(truncatingIfNeeded: batch.storage.count)
        batch.storage.append(contentsOf: scratch)
        for index in scratchFields {
            batch.fieldStart[index] &+= base
        }
        scratch.removeAll()
        scratchFields.removeAll()
    }

    /// Where a record's pieces are, for `settle`: taken when the record begins (`start(at:)`),
    /// its `end` set when the scanner finds it.
    struct Span {
        let start: Int
        /// End of the record without its line terminator.
        var end = 0
        let line: Int
        /// The record's first field, as a local index of the `RowBuilder`.
        let fieldsBefore: Int
        let scratchBefore: Int
        let scratchFieldsBefore: Int
        /// Offset that turns a buffer offset into a `storage` offset.
        let delta: Int
    }

    /// Ends a scanned record: a clean one (no problem, the expected field count, no bytes to
    /// check) becomes a row at once; any other goes the slow path, `settle`.
    @inline(__always)
    mutating func endRecord(
        _ p: UnsafePointer<UInt8>, span: Span, fieldCount: Int, problem: RecordProblem, checkUTF8: Bool, rows: inout RowBuilder
    ) {
        lastFieldCount = fieldCount
        lastRecordStart = span.start
        lastRecordLine = span.line
        if case .none = problem, fieldCount == expected || expected < 0, !checkUTF8 {
            rows.endRow(line: span.line, recordStart: span.start + span.delta, recordEnd: span.end + span.delta)
        } else {
            settle(p, span: span, problem: problem, checkUTF8: checkUTF8, rows: &rows)
        }
    }

    /// Forgets the fields and unescaped bytes of a record the buffer cut off; returns where the
    /// scan starts again once more input arrived: the record's start.
    @inline(__always)
    mutating func dropIncomplete(_ span: Span, rows: inout RowBuilder) -> ScanCursor {
        rows.truncateFields(to: span.fieldsBefore)
        scratch.removeSubrange(span.scratchBefore...)
        scratchFields.removeSubrange(span.scratchFieldsBefore...)
        return ScanCursor(pos: span.start, line: span.line)
    }

    /// The slow path of a record: one with a structural problem, the wrong field count, or bytes
    /// that may be invalid UTF-8. Rejects it (dropping its fields) or, when its fields turn out
    /// valid, accepts it.
    mutating func settle(
        _ p: UnsafePointer<UInt8>, span: Span, problem: RecordProblem, checkUTF8: Bool, rows: inout RowBuilder
    ) {
        let count = rows.fieldCount - span.fieldsBefore
        let text: String
        var field: Int?
        switch problem {
        case let .unterminatedQuote(line, f):
            text = "unterminated quoted field starting at line \(line)"
            field = f
        case let .textAfterQuote(f):
            text = "\(describe(field: f)) has text after its closing quote"
            field = f
        case let .danglingBackslash(f):
            text = "\(describe(field: f)) ends with a backslash that escapes nothing"
            field = f
        case .none:
            if expected >= 0 && count != expected {
                text = "has \(count) field\(count == 1 ? "" : "s"), expected \(expected)"
            } else if checkUTF8, let bad = firstInvalidField(p, span: span, rows: rows) {
                text = "\(describe(field: bad)) is not valid UTF-8"
                field = bad
            } else if checkUTF8 && !UTF8Scan.isValid(p + span.start, count: span.end - span.start) {
                text = "record is not valid UTF-8"
            } else {
                rows.endRow(line: span.line, recordStart: span.start + span.delta, recordEnd: span.end + span.delta)
                return
            }
        }
        var columnName: String?
        var columnIndex: Int?
        if let field, field < names.count {
            columnName = names[field]
            columnIndex = field + 1
        }
        rejected.append(RejectedRecord(
            line: span.line, column: columnName, columnIndex: columnIndex, reason: text,
            record: Array(UnsafeBufferPointer(start: p + span.start, count: span.end - span.start))))
        rows.truncateFields(to: span.fieldsBefore)
        scratch.removeSubrange(span.scratchBefore...)
        scratchFields.removeSubrange(span.scratchFieldsBefore...)
    }

    /// `column "name"`, or `field N` beyond the known columns.
    private func describe(field: Int) -> String {
        field < names.count ? "column \"\(names[field])\"" : "field \(field + 1)"
    }

    /// The 0-based index of the record's first field that is not valid UTF-8.
    private func firstInvalidField(_ p: UnsafePointer<UInt8>, span: Span, rows: borrowing RowBuilder) -> Int? {
        let inScratch = Set(scratchFields[span.scratchFieldsBefore...])
        var index = span.fieldsBefore
        while index < rows.fieldCount {
            let length = Int(rows.fieldLength[index])
            if length > 0 {
                let start = Int(rows.fieldStart[index])
                let valid: Bool
                if inScratch.contains(rows.fieldBase + index) {
                    valid = scratch.withUnsafeBufferPointer { s in
                        guard let base = s.baseAddress else { return true }
                        return UTF8Scan.isValid(base + start, count: length)
                    }
                } else {
                    valid = UTF8Scan.isValid(p + (start - span.delta), count: length)
                }
                if !valid { return index - span.fieldsBefore }
            }
            index += 1
        }
        return nil
    }
}
