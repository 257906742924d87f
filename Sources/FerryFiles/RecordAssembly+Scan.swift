/// The bookkeeping every record scanner (CSV, TSV) does around one record: stopping before a
/// record when the batch is full or the bytes run out, remembering where the record began, and
/// ending it (dropping it when incomplete, settling it when it has a problem or invalid bytes).
/// The scanners differ only in how they find fields.
extension RecordAssembly {
    /// Why scanning stops before the record at `pos`, if it does: the batch holds `maxRecords`
    /// records (rows plus rejected), or the bytes end (`.end` at the end of the input).
    @inline(__always)
    func stop(
        before pos: Int, line: Int, end: Int, atEOF: Bool, maxRecords: Int, rows: borrowing RowBuilder, cursor: inout ScanCursor
    ) -> ScanStop? {
        if rows.rowCount + rejected.count >= maxRecords {
            cursor = ScanCursor(pos: pos, line: line)
            return .full
        }
        if pos >= end {
            cursor = ScanCursor(pos: pos, line: line)
            return atEOF ? .end : .needMore
        }
        return nil
    }

    @inline(__always)
    func start(at pos: Int, line: Int, delta: Int, rows: borrowing RowBuilder) -> Span {
        Span(start: pos, line: line, fieldsBefore: rows.fieldCount, scratchBefore: scratch.count,
             scratchFieldsBefore: scratchFields.count, delta: delta)
    }

    /// Ends the record `span` (its `end` set: without its line terminator), the next one
    /// beginning at `next`. An incomplete record is dropped and the cursor set back to its
    /// start: returns false, and the scanner asks for more input. `nextBad` caches `invalid.next`.
    @inline(__always)
    mutating func end(
        _ p: UnsafePointer<UInt8>, _ span: Span, next: Int, incomplete: Bool,
        fieldCount: Int, problem: RecordProblem, checkUTF8: Bool, rows: inout RowBuilder,
        invalid: inout InvalidUTF8Offsets, nextBad: inout Int, cursor: inout ScanCursor
    ) -> Bool {
        if incomplete {
            cursor = dropIncomplete(span, rows: &rows)
            return false
        }
        let hasInvalid = nextBad < next
        endRecord(p, span: span, fieldCount: fieldCount, problem: problem, checkUTF8: hasInvalid || checkUTF8, rows: &rows)
        if hasInvalid {
            invalid.pass(next)
            nextBad = invalid.next
        }
        return true
    }
}
