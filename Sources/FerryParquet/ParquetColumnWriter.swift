import FerryCore

/// Encodes one column into data pages v1 of about `pageBytes`, each compressed as it closes and
/// kept with its header until the row group is written (`takeChunk`).
///
/// Values are dictionary-encoded (RLE_DICTIONARY indices, the dictionary page first in the
/// chunk) until the chunk's dictionary passes `dictionaryBytes`; from then on the chunk's pages
/// are PLAIN, as parquet-mr and Arrow fall back. Booleans are always PLAIN (bit-packed).
/// Definition levels of OPTIONAL columns are RLE/bit-packed.
final class ParquetColumnWriter {
    let spec: ParquetColumnSpec
    /// Where a page closes: ~1 MiB of encoded values and levels.
    static let pageBytes = 1 << 20
    /// Where a chunk's dictionary stops growing and the chunk falls back to PLAIN pages.
    static let dictionaryBytes = 1 << 20

    /// The current page: PLAIN values (in dictionary mode only the value being looked up),
    /// dictionary indices, definition levels (OPTIONAL only), values including NULLs.
    private var values: [UInt8] = []
    private var indices: [UInt32] = []
    private var levels: [UInt8] = []
    private var pageValueCount = 0
    /// Booleans are bit-packed: the bits of the current page's values so far.
    private var booleanCount = 0

    /// The current chunk's dictionary, and whether the open page uses it (false for booleans,
    /// and once the dictionary is full).
    private var dictionary = ParquetDictionary()
    private var encodesWithDictionary: Bool
    /// Whether any page of the current chunk used the dictionary (so it must be written).
    private var dictionaryUsed = false
    private var plainPages = false

    /// The current column chunk: page headers and compressed data pages.
    private var chunk: [UInt8] = []
    private var chunkUncompressedBytes: Int64 = 0
    private var chunkValueCount: Int64 = 0
    private var statistics: ParquetStatistics

    init(_ spec: ParquetColumnSpec) {
        self.spec = spec
        statistics = Self.emptyStatistics(spec)
        encodesWithDictionary = spec.value != .boolean
    }

    private static func emptyStatistics(_ spec: ParquetColumnSpec) -> ParquetStatistics {
        if case .decimalFixed = spec.value { ParquetStatistics(signedBytes: true) } else { ParquetStatistics(signedBytes: false) }
    }

    /// Bytes this column holds for the open row group (closed pages, the open one, the dictionary).
    var bufferedBytes: Int { chunk.count + values.count + indices.count * 4 + levels.count + dictionary.plain.count }

    /// The open page's encoded size, about.
    private var pageBytes: Int {
        values.count + levels.count / 8 + indices.count * RLEHybrid.bitWidth(UInt32(max(dictionary.count, 1) - 1)) / 8
    }

    /// Appends rows `rows` of `vector` (a range, or the rows of one partition); `lines` name
    /// source lines in errors. Closes the page when it reaches `pageBytes`.
    func append<Rows: Sequence<Int>>(_ vector: ColumnVector, _ rows: Rows, lines: [Int], compressor: PageCompressor) throws(FerryError) {
        for row in rows {
            if vector.isNull[row] {
                guard !spec.required else {
                    throw FerryError(.targetWrite, stage: .load, "column \(spec.name) is NOT NULL but source line \(lines[row]) has no value")
                }
                levels.append(0)
                statistics.observeNull()
            } else {
                if !spec.required { levels.append(1) }
                if encodesWithDictionary {
                    // In dictionary mode `values` holds only the value being looked up.
                    try appendValue(vector, row, line: lines[row])
                    indices.append(values.withUnsafeBytes { dictionary.index(of: $0) })
                    values.removeAll(keepingCapacity: true)
                } else {
                    try appendValue(vector, row, line: lines[row])
                }
            }
            pageValueCount += 1
            if encodesWithDictionary && dictionary.plain.count >= Self.dictionaryBytes {
                // The dictionary is full: the pages so far keep it, the rest of the chunk is PLAIN.
                try closePage(compressor)
                encodesWithDictionary = false
            }
        }
        if pageBytes >= Self.pageBytes { try closePage(compressor) }
    }

    @inline(__always)
    private func appendValue(_ vector: ColumnVector, _ row: Int, line: Int) throws(FerryError) {
        switch spec.value {
        case .int64:
            let v = vector.ints[row]
            statistics.observe(int: v)
            appendLittleEndian(v)
        case .int32:
            let v = vector.ints[row]
            guard let narrow = Int32(exactly: v) else { throw outOfRange(line) }
            statistics.observe(int: v)
            appendLittleEndian(narrow)
        case .boolean:
            let bit = vector.ints[row] != 0
            statistics.observe(int: bit ? 1 : 0)
            if booleanCount % 8 == 0 { values.append(0) }
            if bit { values[values.count - 1] |= 1 << UInt8(booleanCount % 8) }
            booleanCount += 1
        case .double:
            let v = vector.doubles[row]
            statistics.observe(double: v)
            appendLittleEndian(v.bitPattern)
        case .byteArray:
            let start = vector.start(of: row), end = Int(vector.ends[row])
            appendLittleEndian(UInt32(end - start))
            vector.bytes.withUnsafeBytes { all in
                let value = UnsafeRawBufferPointer(rebasing: all[start..<end])
                statistics.observe(bytes: value)
                values.append(contentsOf: value)
            }
        case .uuid:
            let at = values.count
            guard withText(vector, row, { ParquetValueText.appendUUID($0, to: &values) }) else { throw unreadable("a UUID", line) }
            observeBytes(from: at)
        case let .decimalInt32(scale):
            guard let v = withText(vector, row, { ParquetValueText.unscaled($0, scale: scale) }), let narrow = Int32(exactly: v) else {
                throw unreadable("a decimal", line)
            }
            statistics.observe(int: v)
            appendLittleEndian(narrow)
        case let .decimalInt64(scale):
            guard let v = withText(vector, row, { ParquetValueText.unscaled($0, scale: scale) }) else { throw unreadable("a decimal", line) }
            statistics.observe(int: v)
            appendLittleEndian(v)
        case let .decimalFixed(scale, width):
            let at = values.count
            guard withText(vector, row, { ParquetValueText.appendUnscaled($0, scale: scale, width: width, to: &values) }) else {
                throw unreadable("a decimal", line)
            }
            observeBytes(from: at)
        }
    }

    /// `body` applied to the bytes of value `row` of a bytes column.
    private func withText<R>(_ vector: ColumnVector, _ row: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let start = vector.start(of: row), end = Int(vector.ends[row])
        return vector.bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    private func observeBytes(from start: Int) {
        values.withUnsafeBytes { statistics.observe(bytes: UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }

    @inline(__always)
    private func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { values.append(contentsOf: $0) }
    }

    private func outOfRange(_ line: Int) -> FerryError {
        FerryError(.targetWrite, stage: .load, "column \(spec.name): the value of source line \(line) is out of the range Parquet stores for its type")
    }

    private func unreadable(_ what: String, _ line: Int) -> FerryError {
        FerryError(.internalError, stage: .load, "column \(spec.name): the value of source line \(line) is not \(what) of the column's type")
    }

    /// Compresses the open page, if it has values, and appends it with its header to the chunk.
    func closePage(_ compressor: PageCompressor) throws(FerryError) {
        guard pageValueCount > 0 else { return }
        var body: [UInt8] = []
        body.reserveCapacity(values.count + levels.count / 4 + indices.count + 16)
        if !spec.required { RLEHybrid.append(levels, to: &body) }
        let encoding: Int32
        if encodesWithDictionary {
            // RLE_DICTIONARY: the indices' bit width in one byte, then their runs.
            let width = RLEHybrid.bitWidth(UInt32(max(dictionary.count, 1) - 1))
            body.append(UInt8(width))
            RLEHybrid.appendRuns(indices, bitWidth: width, to: &body)
            encoding = 8
            dictionaryUsed = true
        } else {
            body.append(contentsOf: values)
            encoding = 0
            plainPages = true
        }
        var compressed: [UInt8] = []
        try compressor.compress(body, appendingTo: &compressed)
        guard body.count <= Int(Int32.max), compressed.count <= Int(Int32.max) else {
            throw FerryError(.targetWrite, stage: .load, "column \(spec.name): a page grew beyond 2 GiB (one value too large for Parquet)")
        }

        var header = ThriftCompactWriter()
        header.structure { w in
            w.field(1, i32: 0)  // DATA_PAGE
            w.field(2, i32: Int32(body.count))
            w.field(3, i32: Int32(compressed.count))
            w.field(5) { d in
                d.field(1, i32: Int32(pageValueCount))
                d.field(2, i32: encoding)
                d.field(3, i32: 3)  // RLE
                d.field(4, i32: 3)  // RLE
            }
        }
        chunk.append(contentsOf: header.bytes)
        chunk.append(contentsOf: compressed)
        chunkUncompressedBytes += Int64(header.bytes.count + body.count)
        chunkValueCount += Int64(pageValueCount)
        values.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
        levels.removeAll(keepingCapacity: true)
        pageValueCount = 0
        booleanCount = 0
    }

    /// Ends the row group's chunk: returns its bytes (the dictionary page first, when its pages
    /// use one) and what the footer says of it, and starts the next chunk empty, with a new
    /// dictionary.
    func takeChunk(_ compressor: PageCompressor) throws(FerryError) -> ParquetChunk {
        try closePage(compressor)
        var bytes: [UInt8] = []
        var uncompressed = chunkUncompressedBytes
        var dictionaryPageBytes = 0
        if dictionaryUsed {
            let entries = dictionary
            var compressed: [UInt8] = []
            try compressor.compress(entries.plain, appendingTo: &compressed)
            var header = ThriftCompactWriter()
            header.structure { w in
                w.field(1, i32: 2)  // DICTIONARY_PAGE
                w.field(2, i32: Int32(entries.plain.count))
                w.field(3, i32: Int32(compressed.count))
                w.field(7) { d in
                    d.field(1, i32: Int32(entries.count))
                    d.field(2, i32: 0)  // PLAIN
                }
            }
            bytes = header.bytes + compressed
            dictionaryPageBytes = bytes.count
            uncompressed += Int64(header.bytes.count + entries.plain.count)
        }
        bytes.append(contentsOf: chunk)
        var encodings: [Int32] = []
        if dictionaryUsed { encodings += [0, 8] }  // the dictionary page is PLAIN, its data pages RLE_DICTIONARY
        if plainPages && !encodings.contains(0) { encodings.append(0) }
        if !spec.required { encodings.append(3) }  // RLE levels
        let taken = ParquetChunk(
            bytes: bytes, dictionaryPageBytes: dictionaryPageBytes, encodings: encodings, values: chunkValueCount,
            uncompressed: uncompressed, statistics: statistics)
        chunk = []
        chunkValueCount = 0
        chunkUncompressedBytes = 0
        statistics = Self.emptyStatistics(spec)
        dictionary = ParquetDictionary()
        encodesWithDictionary = spec.value != .boolean
        dictionaryUsed = false
        plainPages = false
        return taken
    }
}

/// One column chunk, encoded, and what the footer says of it.
struct ParquetChunk {
    var bytes: [UInt8]
    /// The dictionary page at the start of `bytes` (header included); 0 without one.
    var dictionaryPageBytes: Int
    var encodings: [Int32]
    var values: Int64
    var uncompressed: Int64
    var statistics: ParquetStatistics
}
