import FerryCore

/// Writes rows as JSON Lines with typed values: bigint, double and decimal as JSON numbers (NaN
/// and ±Infinity as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`), boolean as `true`/`false`,
/// json columns embedded as their JSON text, NULL as `null`, and every other type as a string of
/// its canonical text.
///
/// A batch is written column by column, as `DelimitedEncoder` does: each column's JSON values
/// first (one flat loop per column, the vector taken once), then the lines are sized and every
/// column's key and values copied into place. Buffers are reused across batches.
struct JSONLinesEncoder {
    /// `{"name":` for the first column and `,"name":` for the others.
    private let keys: [[UInt8]]
    /// The JSON values of each column of the batch being written, back to back, and where each ends.
    private var values: [[UInt8]] = []
    private var ends: [[Int32]] = []
    /// Where the next key of each line goes in `out`, while `appendRows` runs.
    private var cursors: [Int] = []
    /// Texts of bigint, boolean, date and timestamp columns, with its cache of day texts.
    private var int64Texts = Int64ColumnTexts()

    init(names: [String]) {
        var keys: [[UInt8]] = []
        for (index, name) in names.enumerated() {
            var key: [UInt8] = [index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            JSONValue.writeString(name, into: &key)
            key.append(UInt8(ascii: ":"))
            keys.append(key)
        }
        self.keys = keys
    }

    /// Rows written at a time by `FileTargetWriter`, which flushes between them: bounds the
    /// buffer whatever the batch size.
    static let rowsPerPiece = 4096

    /// Appends rows `range` of `batch`, each line ended by a line feed.
    mutating func appendRows(_ batch: TypedBatch, _ range: Range<Int>, to out: inout [UInt8]) {
        let rows = range.count
        guard rows > 0 else { return }
        let columns = min(batch.columns.count, keys.count)
        if keys.isEmpty {
            for _ in 0 ..< rows { out.append(contentsOf: "{}\n".utf8) }
            return
        }
        while values.count < columns {
            values.append([])
            ends.append([])
        }
        // "}\n", then each column's key and value.
        var lineBytes = 2
        for c in 0 ..< columns { lineBytes &+= keys[c].count }
        cursors.removeAll(keepingCapacity: true)
        cursors.append(contentsOf: repeatElement(lineBytes, count: rows))
        for c in 0 ..< columns {
            var bytes = values[c], valueEnds = ends[c]
            values[c] = []
            ends[c] = []
            bytes.removeAll(keepingCapacity: true)
            valueEnds.removeAll(keepingCapacity: true)
            appendValues(of: batch.columns[c], range, to: &bytes, ends: &valueEnds)
            valueEnds.withUnsafeBufferPointer { e in
                cursors.withUnsafeMutableBufferPointer { lengths in
                    var previous: Int32 = 0
                    for r in 0 ..< rows {
                        lengths[r] &+= Int(e[r] &- previous)
                        previous = e[r]
                    }
                }
            }
            values[c] = bytes
            ends[c] = valueEnds
        }
        // Lengths become the lines' starts in the appended bytes.
        var at = 0
        for r in 0 ..< rows {
            let length = cursors[r]
            cursors[r] = at
            at &+= length
        }
        let total = at
        out.append(writingAtMost: total) { o in
            for c in 0 ..< columns {
                Self.place(key: keys[c], values: values[c], ends: ends[c], cursors: &cursors, out: o)
            }
            for r in 0 ..< rows {
                o[cursors[r]] = UInt8(ascii: "}")
                o[cursors[r] &+ 1] = 0x0A
            }
            return total
        }
    }

    /// Copies `key` and then each value to the cursor of its line (an offset from `ob`), and
    /// moves the cursors past them.
    private static func place(key: [UInt8], values: [UInt8], ends: [Int32], cursors: inout [Int], out ob: UnsafeMutablePointer<UInt8>) {
        key.withUnsafeBytes { k in
            values.withUnsafeBytes { v in
                ends.withUnsafeBufferPointer { e in
                    cursors.withUnsafeMutableBufferPointer { cur in
                        guard let kb = k.baseAddress else { return }
                        let keyCount = k.count
                        var previous = 0
                        for r in 0 ..< cur.count {
                            var at = cur[r]
                            ShortCopy.copy(kb, keyCount, to: ob + at)
                            at &+= keyCount
                            let end = Int(e[r])
                            if let vb = v.baseAddress { ShortCopy.copy(vb + previous, end &- previous, to: ob + at) }
                            cur[r] = at &+ end &- previous
                            previous = end
                        }
                    }
                }
            }
        }
    }

    /// Appends the JSON value of rows `range` of `vector` to `bytes`, recording where each ends:
    /// one loop over the column per type (`Int64ColumnTexts`, `JSONStringColumn`).
    private mutating func appendValues(of vector: ColumnVector, _ range: Range<Int>, to bytes: inout [UInt8], ends: inout [Int32]) {
        switch vector.type {
        case .bigint, .boolean:
            int64Texts.append(vector, rows: range, quoted: false, null: "null", to: &bytes, ends: &ends)
        case .date, .timestamp, .timestamptz:
            int64Texts.append(vector, rows: range, quoted: true, null: "null", to: &bytes, ends: &ends)
        case .text, .uuid:
            JSONStringColumn.append(vector, rows: range, bareNumbers: false, to: &bytes, ends: &ends)
        case .decimal:
            JSONStringColumn.append(vector, rows: range, bareNumbers: true, to: &bytes, ends: &ends)
        case .double, .json:
            Self.appendEach(vector, range, to: &bytes, ends: &ends)
        }
    }

    /// Doubles (finite as numbers, others as strings) and json texts, value by value.
    private static func appendEach(_ vector: ColumnVector, _ range: Range<Int>, to bytes: inout [UInt8], ends: inout [Int32]) {
        ends.reserveCapacity(ends.count + range.count)
        let null = Array("null".utf8)
        for r in range {
            if vector.isNull[r] {
                bytes.append(contentsOf: null)
            } else if vector.type == .double && !vector.doubles[r].isFinite {
                appendString(of: vector, row: r, to: &bytes)
            } else {
                ValueFormatter.append(vector, row: r, to: &bytes)
            }
            ends.append(Int32(truncatingIfNeeded: bytes.count))
        }
    }

    /// Appends the canonical text of a value as a JSON string literal.
    private static func appendString(of vector: ColumnVector, row: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let textStart = out.count
        ValueFormatter.append(vector, row: row, to: &out)
        let needsEscape = out.withUnsafeBufferPointer { o in
            JSONStringColumn.needsEscape(o.baseAddress! + textStart, o.count &- textStart)
        }
        if needsEscape {
            let text = Array(out[textStart...])
            out.removeSubrange(textStart...)
            JSONLinesEncoder.appendEscaped(text, to: &out)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends UTF-8 `text` with JSON string escapes (quote, backslash, control characters, DEL):
    /// `JSONStringColumn.writeEscaped`'s, into room for the worst case (six bytes a byte).
    static func appendEscaped(_ text: [UInt8], to out: inout [UInt8]) {
        guard !text.isEmpty else { return }
        text.withUnsafeBufferPointer { t in
            out.append(writingAtMost: 6 &* t.count) { JSONStringColumn.writeEscaped(t.baseAddress!, t.count, to: $0, at: 0) }
        }
    }

    /// Whether `bytes` is a JSON number of the canonical decimal form `-?digits(.digits)?`
    /// without leading zeros.
    static func isJSONNumber(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { isJSONNumber($0) }
    }

    /// Whether `bytes` is a JSON number of the canonical decimal form `-?digits(.digits)?`
    /// without leading zeros.
    static func isJSONNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        if i < n && bytes[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        while i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
        let intDigits = i - intStart
        guard intDigits > 0, intDigits == 1 || bytes[intStart] != 0x30 else { return false }
        if i == n { return true }
        guard bytes[i] == UInt8(ascii: ".") else { return false }
        i += 1
        let fracStart = i
        while i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
        return i > fracStart && i == n
    }
}
