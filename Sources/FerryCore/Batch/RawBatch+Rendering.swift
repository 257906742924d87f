extension RawBatch {
    /// The rows of `typed` as canonical texts (`ValueFormatter`): one field per column, NULL as
    /// a NULL field, each row's record its fields as one line of CSV (comma-separated, a field
    /// quoted with `"` when it holds a comma, a quote, CR or LF, or is empty text, so an empty
    /// unquoted field is NULL). Typing these fields gives back `typed`'s values; the records are
    /// what reject files show for rows of a typed chunk (Docs/decisions/0008-typed-source-chunks.md).
    package init(rendering typed: TypedBatch, sourceFile: String? = nil) {
        self.init()
        self.sourceFile = sourceFile
        let width = typed.columns.count
        let rows = typed.rowCount
        fieldStart.reserveCapacity(rows * width)
        fieldLength.reserveCapacity(rows * width)
        rowFieldOffset.reserveCapacity(rows + 1)
        var texts: [UInt8] = []
        var record: [UInt8] = []
        for row in 0..<rows {
            // Fields first (spans into `storage`), then the record after them.
            record.removeAll(keepingCapacity: true)
            for c in 0..<width {
                let vector = typed.columns[c]
                if c > 0 { record.append(UInt8(ascii: ",")) }
                if vector.isNull[row] {
                    appendField(start: storage.count, length: -1)
                    continue
                }
                texts.removeAll(keepingCapacity: true)
                ValueFormatter.append(vector, row: row, to: &texts)
                appendField(start: storage.count, length: texts.count)
                storage.append(contentsOf: texts)
                Self.appendCSVField(texts, to: &record)
            }
            let start = storage.count
            storage.append(contentsOf: record)
            endRow(line: typed.lines[row], recordStart: start, recordEnd: storage.count)
        }
    }

    /// `text` as a CSV field: quoted (quotes doubled) when it needs to be or is empty.
    private static func appendCSVField(_ text: [UInt8], to out: inout [UInt8]) {
        let needsQuotes = text.isEmpty || text.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(contentsOf: text)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
