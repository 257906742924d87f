import FerryCore

/// Writes rows as RFC 4180 CSV: a field is quoted only when it holds the delimiter, the quote,
/// CR or LF, or when it equals the NULL text (so an empty string is `""` while NULL is an empty
/// unquoted field). Inside quotes the quote is doubled, or escaped with a separate escape
/// character, which is then escaped itself.
struct CSVEncoder {
    let delimiter: UInt8
    let quote: UInt8
    let escape: UInt8
    /// The text of NULL, written unquoted; default empty.
    let nullText: [UInt8]
    /// Holds a value while it is rewritten quoted.
    private var held: [UInt8] = []

    init(delimiter: UInt8, quote: UInt8, escape: UInt8, nullText: [UInt8]) {
        self.delimiter = delimiter
        self.quote = quote
        self.escape = escape
        self.nullText = nullText
    }

    /// Appends the header line.
    mutating func appendHeader(_ names: [String], to out: inout [UInt8]) {
        for (index, name) in names.enumerated() {
            if index > 0 { out.append(delimiter) }
            let start = out.count
            out.append(contentsOf: name.utf8)
            quoteIfNeeded(from: start, in: &out)
        }
        out.append(0x0A)
    }

    /// Appends row `row` of `batch` and its line end.
    mutating func appendRow(_ batch: TypedBatch, row: Int, to out: inout [UInt8]) {
        var column = 0
        while column < batch.columns.count {
            if column > 0 { out.append(delimiter) }
            if batch.columns[column].isNull[row] {
                out.append(contentsOf: nullText)
            } else {
                let start = out.count
                ValueFormatter.append(batch.columns[column], row: row, to: &out)
                quoteIfNeeded(from: start, in: &out)
            }
            column += 1
        }
        out.append(0x0A)
    }

    /// Rewrites `out[start...]` quoted when it needs quotes.
    private mutating func quoteIfNeeded(from start: Int, in out: inout [UInt8]) {
        let count = out.count - start
        let special = out.withUnsafeBufferPointer { buffer -> Bool in
            var k = start
            while k < buffer.count {
                let c = buffer[k]
                if c == delimiter || c == quote || c == 0x0A || c == 0x0D { return true }
                k += 1
            }
            return count == nullText.count && buffer[start...].elementsEqual(nullText)
        }
        guard special else { return }
        held.removeAll(keepingCapacity: true)
        held.append(contentsOf: out[start...])
        out.removeSubrange(start...)
        out.append(quote)
        for c in held {
            if c == quote || c == escape { out.append(escape) }
            out.append(c)
        }
        out.append(quote)
    }
}
