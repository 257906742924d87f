import FerryCore

/// How one field's text is made safe inside a delimited line (CSV quoting, TSV escapes).
protocol FieldEncoding {
    var delimiter: UInt8 { get }
    /// Whether `bytes` (many field texts back to back) holds a byte that can make a field need
    /// protection. A quick test over a whole column, so that columns without such bytes skip the
    /// test of each value; a text equal to the NULL text is checked apart from it.
    func mayNeedProtection(_ bytes: UnsafeRawBufferPointer) -> Bool
    /// Whether the field text `text` must be written protected (quoted, escaped).
    func needsProtection(_ text: UnsafeRawBufferPointer) -> Bool
    /// Writes the protected form of `text` (for which `needsProtection` is true) at `o + w`, in
    /// at most `protectedBound(text.count)` bytes; returns the new end.
    func writeProtected(_ text: UnsafeRawBufferPointer, to o: UnsafeMutablePointer<UInt8>, at w: Int) -> Int
}

extension FieldEncoding {
    /// Most bytes the protected form of a text of `count` bytes takes: every byte doubled (a
    /// doubled quote, a backslash escape) and four more (quotes, an octal escape).
    @inline(__always)
    static func protectedBound(_ count: Int) -> Int { 2 &* count &+ 4 }

    /// Appends the protected form of `text` (for which `needsProtection` is true).
    func appendProtected(_ text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(writingAtMost: Self.protectedBound(text.count)) { writeProtected(text, to: $0, at: 0) }
    }
}

/// Writes header and rows of a delimited file; `Encoding` decides how a field is protected.
///
/// Rows are written a batch at a time, column by column: `prepare` makes each column's field
/// texts once (a bytes column that needs no protection is used as it is, other columns get their
/// canonical text from `ValueFormatter`), then `appendRows` sizes the lines and copies every
/// column's texts into place with one flat loop per column. Buffers are reused across batches.
struct DelimitedEncoder<Encoding: FieldEncoding> {
    var encoding: Encoding
    /// The text of NULL, written as it is.
    let nullText: [UInt8]
    /// The field texts of each column of the prepared batch.
    private var texts: [FieldTexts] = []
    /// Bytes of each line of the prepared batch, line end included.
    private var lineBytes: [Int] = []
    /// Where the next field of each line goes in `out`, while `appendRows` runs.
    private var cursors: [Int] = []
    /// Texts of bigint, boolean, date and timestamp columns, with its cache of day texts.
    private var int64Texts = Int64ColumnTexts()

    /// Whether no canonical text of a number, boolean, date or timestamp can need protection:
    /// the delimiter and quote are none of its characters, and it cannot equal the NULL text.
    private let formattedNeverProtected: Bool

    /// Every byte the canonical text of a bigint, double, boolean, date, timestamp,
    /// timestamptz, decimal or uuid can hold (`ValueFormatter`: digits, `-+.: eZ`, `true`,
    /// `false`, `NaN`, `Infinity`; lowercase hex digits).
    private static var formattedAlphabet: [UInt8] { Array("0123456789-+.: eZtruefalsNaIinfybcd".utf8) }

    init(encoding: Encoding, nullText: [UInt8]) {
        self.encoding = encoding
        self.nullText = nullText
        let alphabet = Self.formattedAlphabet
        let special = alphabet.withUnsafeBytes { encoding.mayNeedProtection($0) }
        // Canonical texts are never empty, and one holding a byte outside the alphabet is none of them.
        let nullTextImpossible = nullText.isEmpty || nullText.contains { !alphabet.contains($0) }
        formattedNeverProtected = !special && nullTextImpossible
    }

    /// The field texts of one column: `bytes` holds them back to back and `ends[i]` is where
    /// value `i` ends (it starts where the previous one ends; a NULL is empty). `isOwn` false
    /// means the column vector's own `bytes`/`ends` are the texts and these are unused.
    private struct FieldTexts {
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        var isOwn = false
    }

    /// Appends the header line.
    mutating func appendHeader(_ names: [String], to out: inout [UInt8]) {
        for (index, name) in names.enumerated() {
            if index > 0 { out.append(encoding.delimiter) }
            var name = name
            name.withUTF8 { text in
                let raw = UnsafeRawBufferPointer(text)
                if encoding.needsProtection(raw) {
                    encoding.appendProtected(raw, to: &out)
                } else {
                    out.append(contentsOf: raw)
                }
            }
        }
        out.append(0x0A)
    }

    /// Makes the field texts of every column of `batch`; `appendRows` then writes its lines.
    mutating func prepare(_ batch: TypedBatch) {
        let rows = batch.rowCount
        let columns = batch.columns.count
        if texts.count < columns { texts.append(contentsOf: repeatElement(FieldTexts(), count: columns - texts.count)) }
        lineBytes.removeAll(keepingCapacity: true)
        // One delimiter after each field but the last, and the line feed after it.
        lineBytes.append(contentsOf: repeatElement(max(columns, 1), count: rows))
        for c in 0 ..< columns {
            let vector = batch.columns[c]
            var own = texts[c]
            texts[c] = FieldTexts()
            own.bytes.removeAll(keepingCapacity: true)
            own.ends.removeAll(keepingCapacity: true)
            switch vector.type.storage {
            case .bytes:
                // Decimals and uuids are canonical (`ColumnType.storage`): digits, sign and point; hex and dashes.
                let canonical: Bool
                switch vector.type {
                case .uuid, .decimal: canonical = true
                default: canonical = false
                }
                own.isOwn = !(canonical && formattedNeverProtected)
                    && protect(vector.bytes, ends: vector.ends, isNull: vector.isNull, into: &own)
            case .int64, .float64:
                format(vector, into: &own)
                // Only a delimiter or quote such as `-`, `:` or a digit ever makes these need it.
                var rewritten = FieldTexts()
                if !formattedNeverProtected, protect(own.bytes, ends: own.ends, isNull: vector.isNull, into: &rewritten) {
                    own.bytes = rewritten.bytes
                    own.ends = rewritten.ends
                }
                own.isOwn = true
            }
            if own.isOwn {
                addLengths(ends: own.ends, isNull: vector.isNull)
            } else {
                addLengths(ends: vector.ends, isNull: vector.isNull)
            }
            texts[c] = own
        }
    }

    /// Bytes that lines `rows` of the prepared batch take.
    func byteCount(of rows: Range<Int>) -> Int {
        var total = 0
        for r in rows { total &+= lineBytes[r] }
        return total
    }

    /// The end of the longest run of lines from `row` on that fits in `budget` bytes (at least
    /// one line, so progress is always made).
    func rowsFitting(from row: Int, budget: Int) -> Int {
        var end = row
        var total = 0
        while end < lineBytes.count {
            total &+= lineBytes[end]
            if total > budget && end > row { break }
            end &+= 1
        }
        return end
    }

    /// Appends lines `rows` of `batch`, which was passed to `prepare` last.
    mutating func appendRows(_ batch: TypedBatch, _ rows: Range<Int>, to out: inout [UInt8]) {
        guard !rows.isEmpty else { return }
        let columns = batch.columns.count
        let total = byteCount(of: rows)
        // Where each line starts in the appended bytes.
        cursors.removeAll(keepingCapacity: true)
        var at = 0
        for r in rows {
            cursors.append(at)
            at &+= lineBytes[r]
        }
        let delimiter = encoding.delimiter
        out.append(writingAtMost: total) { o in
            if columns == 0 {
                for i in cursors.indices { o[cursors[i]] = 0x0A }
                return total
            }
            for c in 0 ..< columns {
                let vector = batch.columns[c]
                let separator = c == columns - 1 ? 0x0A : delimiter
                if texts[c].isOwn {
                    Self.place(texts[c].bytes, ends: texts[c].ends, isNull: vector.isNull, rows: rows, nullText: nullText,
                               separator: separator, cursors: &cursors, out: o)
                } else {
                    Self.place(vector.bytes, ends: vector.ends, isNull: vector.isNull, rows: rows, nullText: nullText,
                               separator: separator, cursors: &cursors, out: o)
                }
            }
            return total
        }
    }

    /// Copies the texts of one column for lines `rows` to their cursors (offsets from `ob`), each
    /// followed by `separator`, and moves the cursors past them.
    private static func place(
        _ bytes: [UInt8], ends: [Int32], isNull: [Bool], rows: Range<Int>, nullText: [UInt8], separator: UInt8,
        cursors: inout [Int], out ob: UnsafeMutablePointer<UInt8>
    ) {
        bytes.withUnsafeBytes { b in
            ends.withUnsafeBufferPointer { e in
                isNull.withUnsafeBufferPointer { n in
                    nullText.withUnsafeBytes { nt in
                        cursors.withUnsafeMutableBufferPointer { cur in
                            let source = b.baseAddress
                            var i = 0
                            for r in rows {
                                var at = cur[i]
                                if n[r] {
                                    if let p = nt.baseAddress, nt.count > 0 {
                                        UnsafeMutableRawPointer(ob + at).copyMemory(from: p, byteCount: nt.count)
                                        at &+= nt.count
                                    }
                                } else {
                                    let start = r == 0 ? 0 : Int(e[r &- 1])
                                    let length = Int(e[r]) &- start
                                    if let source {
                                        ShortCopy.copy(source + start, length, to: UnsafeMutableRawPointer(ob + at))
                                        at &+= length
                                    }
                                }
                                (ob + at).pointee = separator
                                cur[i] = at &+ 1
                                i &+= 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds each value's text length (or the NULL text's) to `lineBytes`.
    private mutating func addLengths(ends: [Int32], isNull: [Bool]) {
        let nullCount = nullText.count
        ends.withUnsafeBufferPointer { e in
            isNull.withUnsafeBufferPointer { n in
                lineBytes.withUnsafeMutableBufferPointer { lines in
                    var previous = 0
                    for r in 0 ..< lines.count {
                        let end = Int(e[r])
                        lines[r] &+= n[r] ? nullCount : end &- previous
                        previous = end
                    }
                }
            }
        }
    }

    /// The canonical texts (`ValueFormatter`) of an int64 or float64 column; NULLs are empty.
    private mutating func format(_ vector: ColumnVector, into texts: inout FieldTexts) {
        if vector.type.storage == .int64 {
            int64Texts.append(vector, to: &texts.bytes, ends: &texts.ends)
            return
        }
        let rows = vector.count
        texts.ends.reserveCapacity(rows)
        for r in 0 ..< rows {
            if !vector.isNull[r] { ValueFormatter.append(vector, row: r, to: &texts.bytes) }
            texts.ends.append(Int32(truncatingIfNeeded: texts.bytes.count))
        }
    }

    /// When some value of the texts `bytes`/`ends` needs protection, writes all of them, protected
    /// where needed, to `texts` and returns true; otherwise leaves `texts` alone and returns false.
    private func protect(_ bytes: [UInt8], ends: [Int32], isNull: [Bool], into texts: inout FieldTexts) -> Bool {
        let encoding = encoding
        let nullCount = nullText.count
        let first: Int? = bytes.withUnsafeBytes { b in
            ends.withUnsafeBufferPointer { e in
                isNull.withUnsafeBufferPointer { n in
                    let scanEach = encoding.mayNeedProtection(b)
                    var previous = 0
                    for r in 0 ..< e.count {
                        let end = Int(e[r])
                        defer { previous = end }
                        if n[r] { continue }
                        let length = end &- previous
                        guard scanEach || length == nullCount else { continue }
                        let text = UnsafeRawBufferPointer(rebasing: b[previous ..< end])
                        if encoding.needsProtection(text) { return r }
                    }
                    return nil
                }
            }
        }
        guard let first else { return false }
        // Written through a pointer into room for the worst case, reserved once: `protectedBound`
        // summed over the values.
        let room = bytes.count &* 2 &+ ends.count &* 4
        texts.bytes.removeAll(keepingCapacity: true)
        texts.ends.removeAll(keepingCapacity: true)
        texts.ends.reserveCapacity(ends.count)
        let firstStart = first == 0 ? 0 : Int(ends[first - 1])
        texts.ends.append(contentsOf: ends[0 ..< first])
        var protectedEnds = texts.ends
        texts.ends = []
        defer { texts.ends = protectedEnds }
        bytes.withUnsafeBytes { b in
            ends.withUnsafeBufferPointer { e in
                isNull.withUnsafeBufferPointer { n in
                    texts.bytes.append(writingAtMost: room) { o in
                        // Room is at least four bytes a value; the texts are empty when `b` has no base.
                        let source = b.baseAddress ?? UnsafeRawPointer(o)
                        UnsafeMutableRawPointer(o).copyMemory(from: source, byteCount: firstStart)
                        var w = firstStart
                        var previous = firstStart
                        for r in first ..< e.count {
                            let end = Int(e[r])
                            let text = UnsafeRawBufferPointer(rebasing: b[previous ..< end])
                            if !n[r], encoding.needsProtection(text) {
                                w = encoding.writeProtected(text, to: o, at: w)
                            } else {
                                ShortCopy.copy(source + previous, end &- previous, to: o + w)
                                w &+= end &- previous
                            }
                            protectedEnds.append(Int32(truncatingIfNeeded: w))
                            previous = end
                        }
                        return w
                    }
                }
            }
        }
        return true
    }
}
