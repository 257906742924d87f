import FerryCore

/// Encodes one column into data pages v1 of about `pageBytes`, each compressed as it closes and
/// kept with its header until the row group is written (`sealChunk`, `handOff`).
///
/// Values are dictionary-encoded (RLE_DICTIONARY indices, the dictionary page first in the
/// chunk) until the chunk's dictionary passes `dictionaryBytes`; from then on the chunk's pages
/// are PLAIN, as parquet-mr and Arrow fall back. A chunk whose first values are nearly all
/// distinct is PLAIN throughout (`ParquetPageBuilder.trialValues`). Booleans are always PLAIN
/// (bit-packed).
/// Definition levels of OPTIONAL columns are RLE/bit-packed.
final class ParquetColumnWriter {
    let spec: ParquetColumnSpec
    /// Where a page closes: ~1 MiB of encoded values and levels.
    static let pageBytes = 1 << 20
    /// Where a chunk's dictionary stops growing and the chunk falls back to PLAIN pages.
    static let dictionaryBytes = 1 << 20

    /// The open page and the chunk's dictionary and statistics (one struct, so that the loop over
    /// rows mutates it through one access instead of an exclusivity check per value).
    private var page: ParquetPageBuilder

    /// The current column chunk: page headers and compressed data pages. Its storage, like the
    /// dictionary page's and the compressor's scratch buffers, is kept from one row group to the
    /// next: a fresh buffer per page or per chunk costs page faults (and the copies of a growing
    /// array) on every row group.
    private var chunk: [UInt8] = []
    /// The sealed chunk's dictionary page (header and compressed entries), written before `chunk`.
    private var dictionaryPage: [UInt8] = []
    private var chunkUncompressedBytes: Int64 = 0
    private var chunkValueCount: Int64 = 0
    /// Whether any page of the current chunk used the dictionary (so it must be written).
    private var dictionaryUsed = false
    private var plainPages = false

    init(_ spec: ParquetColumnSpec) {
        self.spec = spec
        page = ParquetPageBuilder(spec)
    }

    /// Bytes this column holds for the open row group (closed pages, the open one, the dictionary).
    var bufferedBytes: Int { chunk.count + page.bufferedBytes }

    /// Appends rows `rows` of `vector` (a range, or the rows of one partition); `lines` name
    /// source lines in errors. Closes the page when it reaches `pageBytes`, and when the
    /// dictionary fills (the rest of the chunk is PLAIN).
    func append<Rows: Sequence<Int>>(_ vector: ColumnVector, _ rows: Rows, lines: [Int], compressor: PageCompressor) throws(FerryError) {
        var iterator = rows.makeIterator()
        while try page.append(vector, &iterator, lines: lines, dictionaryLimit: Self.dictionaryBytes) {
            // The dictionary is full: the pages so far keep it, the rest of the chunk is PLAIN.
            try closePage(compressor)
            page.encodesWithDictionary = false
        }
        if page.encodedBytes >= Self.pageBytes { try closePage(compressor) }
    }

    /// Compresses the open page, if it has values, and appends it with its header to the chunk.
    func closePage(_ compressor: PageCompressor) throws(FerryError) {
        guard page.pageValueCount > 0 else { return }
        let values = page.values, words = page.words, indices = page.indices, levels = page.levels, pageValueCount = page.pageValueCount
        var body = compressor.body
        compressor.body = []
        defer { compressor.body = body }
        body.removeAll(keepingCapacity: true)
        body.reserveCapacity(values.count + words.count * 8 + levels.count / 4 + indices.count + 16)
        if !spec.required { RLEHybrid.append(levels, to: &body) }
        let encoding: Int32
        if page.encodesWithDictionary {
            // RLE_DICTIONARY: the indices' bit width in one byte, then their runs.
            let width = RLEHybrid.bitWidth(UInt32(max(page.dictionary.count, 1) - 1))
            body.append(UInt8(width))
            RLEHybrid.appendRuns(indices, bitWidth: width, to: &body)
            encoding = 8
            dictionaryUsed = true
        } else {
            body.append(contentsOf: values)
            words.withUnsafeBytes { body.append(contentsOf: $0) }
            encoding = 0
            plainPages = true
        }
        var compressed = compressor.compressed
        compressor.compressed = []
        defer { compressor.compressed = compressed }
        compressed.removeAll(keepingCapacity: true)
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
        page.startPage()
    }

    /// What the footer says of the chunk `sealChunk` ended, until `takeChunk`.
    private var sealed: ParquetChunk?

    /// Ends the row group's chunk and returns what the footer says of it (`sealChunk`, then
    /// `takeChunk`); its bytes stay here until `handOff`.
    func takeChunk(_ compressor: PageCompressor) throws(FerryError) -> ParquetChunk {
        try sealChunk(compressor)
        return takeChunk()
    }

    /// The chunk `sealChunk` ended (an empty one if it was not called).
    func takeChunk() -> ParquetChunk {
        defer { sealed = nil }
        return sealed ?? ParquetChunk(
            byteCount: 0, dictionaryPageBytes: 0, encodings: [], values: 0, uncompressed: 0, statistics: ParquetPageBuilder(spec).statistics)
    }

    /// Ends the row group's chunk: compresses its dictionary page (when its pages use one) and
    /// keeps what the footer says of the chunk for `takeChunk`; the bytes wait for `handOff`.
    func sealChunk(_ compressor: PageCompressor) throws(FerryError) {
        try closePage(compressor)
        var uncompressed = chunkUncompressedBytes
        dictionaryPage.removeAll(keepingCapacity: true)
        if dictionaryUsed {
            let entries = page.dictionary
            var compressed = compressor.compressed
            compressor.compressed = []
            defer { compressor.compressed = compressed }
            compressed.removeAll(keepingCapacity: true)
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
            dictionaryPage.append(contentsOf: header.bytes)
            dictionaryPage.append(contentsOf: compressed)
            uncompressed += Int64(header.bytes.count + entries.plain.count)
        }
        var encodings: [Int32] = []
        if dictionaryUsed { encodings += [0, 8] }  // the dictionary page is PLAIN, its data pages RLE_DICTIONARY
        if plainPages && !encodings.contains(0) { encodings.append(0) }
        if !spec.required { encodings.append(3) }  // RLE levels
        sealed = ParquetChunk(
            byteCount: dictionaryPage.count + chunk.count, dictionaryPageBytes: dictionaryPage.count, encodings: encodings,
            values: chunkValueCount, uncompressed: uncompressed, statistics: page.statistics)
        chunkValueCount = 0
        chunkUncompressedBytes = 0
        page.startChunk()
        dictionaryUsed = false
        plainPages = false
    }

    /// The sealed chunk's bytes, in file order, for `ParquetChunkWriter`: the writer's buffers
    /// themselves; the pages of the next chunk go to new ones until `takeBack`.
    func handOff() -> ParquetChunkWriter.Part {
        let part = ParquetChunkWriter.Part(writer: self, dictionaryPage: dictionaryPage, chunk: chunk)
        dictionaryPage = []
        chunk = []
        return part
    }

    /// Takes back the buffers `handOff` gave away, once written: their storage holds the pages
    /// closed meanwhile, and the next ones.
    func takeBack(dictionaryPage returnedPage: consuming [UInt8], chunk returned: consuming [UInt8]) {
        var buffer = returned
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: chunk)
        chunk = buffer
        var page = returnedPage
        page.removeAll(keepingCapacity: true)
        page.append(contentsOf: dictionaryPage)
        dictionaryPage = page
    }
}

/// One column chunk, encoded, and what the footer says of it.
struct ParquetChunk {
    /// The chunk's size in the file, its dictionary page included.
    var byteCount: Int
    /// The dictionary page at the start of the chunk (header included); 0 without one.
    var dictionaryPageBytes: Int
    var encodings: [Int32]
    var values: Int64
    var uncompressed: Int64
    var statistics: ParquetStatistics
}
