import FerryCore

/// Everything one read of a file produced, so two reads of the same bytes can be compared: the
/// columns, each row's field texts (nil for NULL), the records the reader rejected, and the error
/// code the read ended with, if any.
struct ReadOutcome: Equatable {
    /// A record the reader rejected, as the reject file and events would show it.
    struct Reject: Equatable {
        var line: Int
        var column: String?
        var columnIndex: Int?
        var reason: String
        var record: [UInt8]
    }

    var columns: [String] = []
    var rows: [[String?]] = []
    var rejects: [Reject] = []
    /// `FerryError.Code` of the error that ended the read; nil when it reached the end.
    var error: String?

    /// Adds a chunk, checking what `RecordSource.next` promises: every span lies inside the
    /// batch's storage, every row has `columns.count` fields (JSON Lines: at most that many), and
    /// field texts of accepted rows are valid UTF-8.
    mutating func add(_ chunk: SourceChunk, columnCount: Int, fewerAllowed: Bool) {
        let batch = chunk.rows
        let storage = batch.storage.count
        guard batch.rowFieldOffset.count == batch.rowCount + 1, batch.recordStart.count == batch.rowCount,
              batch.recordEnd.count == batch.rowCount, batch.fieldStart.count == batch.fieldLength.count else {
            FuzzFinding.fail("inconsistent batch arrays")
        }
        for row in 0..<batch.rowCount {
            let count = batch.fieldCount(row: row)
            if count > columnCount || (!fewerAllowed && count != columnCount) || count < 0 {
                FuzzFinding.fail("row \(row) (line \(batch.rowLine[row])) has \(count) fields, columns: \(columnCount)")
            }
            let start = Int(batch.recordStart[row]), end = Int(batch.recordEnd[row])
            if start < 0 || start > end || end > storage { FuzzFinding.fail("record span \(start)..<\(end) outside \(storage) bytes") }
            var fields: [String?] = []
            for column in 0..<count {
                let f = Int(batch.rowFieldOffset[row]) + column
                let s = Int(batch.fieldStart[f]), n = Int(batch.fieldLength[f])
                if n < -1 || (n >= 0 && (s < 0 || s + n > storage)) {
                    FuzzFinding.fail("field span \(s)+\(n) outside \(storage) bytes")
                }
                if n >= 0, !Self.isValidUTF8(batch.storage[s..<s + n]) {
                    FuzzFinding.fail("row \(row) (line \(batch.rowLine[row])) field \(column) is not valid UTF-8")
                }
                fields.append(batch.text(row: row, column: column))
            }
            rows.append(fields)
        }
        rejects += chunk.rejected.map {
            Reject(line: $0.line, column: $0.column, columnIndex: $0.columnIndex, reason: $0.reason, record: $0.record)
        }
    }

    private static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
