import FerryCore

/// How one field's text is made safe inside a delimited line (CSV quoting, TSV escapes).
protocol FieldEncoding {
    var delimiter: UInt8 { get }
    /// Rewrites the field text `out[start...]` in place when it needs quoting or escapes.
    mutating func encode(from start: Int, in out: inout [UInt8])
}

/// Writes header and rows of a delimited file; `Encoding` decides how a field is protected.
struct DelimitedEncoder<Encoding: FieldEncoding> {
    var encoding: Encoding
    /// The text of NULL, written as it is.
    let nullText: [UInt8]

    /// Appends the header line.
    mutating func appendHeader(_ names: [String], to out: inout [UInt8]) {
        for (index, name) in names.enumerated() {
            if index > 0 { out.append(encoding.delimiter) }
            let start = out.count
            out.append(contentsOf: name.utf8)
            encoding.encode(from: start, in: &out)
        }
        out.append(0x0A)
    }

    /// Appends row `row` of `batch` and its line end.
    mutating func appendRow(_ batch: TypedBatch, row: Int, to out: inout [UInt8]) {
        var column = 0
        while column < batch.columns.count {
            if column > 0 { out.append(encoding.delimiter) }
            if batch.columns[column].isNull[row] {
                out.append(contentsOf: nullText)
            } else {
                let start = out.count
                ValueFormatter.append(batch.columns[column], row: row, to: &out)
                encoding.encode(from: start, in: &out)
            }
            column += 1
        }
        out.append(0x0A)
    }
}
