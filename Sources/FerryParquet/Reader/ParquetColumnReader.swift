import FerryCore

/// Reads one column chunk of one row group page by page (`pread` of each page header and
/// body), and hands out its values row by row: as canonical texts, or in typed mode
/// (`typed`) as `ColumnVector` values in their type's storage. Memory holds one page (and the
/// chunk's dictionary, decoded once), whatever the chunk's size.
final class ParquetColumnReader {
    let column: ParquetLeafColumn
    private let file: ParquetFileHandle
    private let decompressor: ParquetPageDecompressor
    private var position: Int
    private let end: Int
    /// Rows of the row group not yet loaded from pages.
    private var rowsToLoad: Int

    /// The dictionary's entries as texts.
    private var dictionaryText: [UInt8] = []
    private var dictionaryOffsets: [Int] = []
    private var hasDictionary = false

    /// The current page as texts: per row a start and a length (-1 for NULL), into
    /// `dictionaryText` when `pageUsesDictionary`, otherwise into `pageText`.
    private var pageText: [UInt8] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var pageUsesDictionary = false
    private var pageRow = 0
    /// Rows of the current page.
    private var pageRows = 0

    /// Typed mode: values become `ColumnVector` values (`ParquetTextRenderer.stored`) instead of texts.
    let typed: Bool
    /// Typed mode: the dictionary's entries, and the current page's values (a row per row,
    /// NULLs included) or, for a dictionary-encoded page, each row's entry (-1 for NULL).
    private var dictionaryVector: ColumnVector
    private var pageVector: ColumnVector
    private var pageEntries: [Int32] = []
    /// The longest text of the current page (for a dictionary-encoded page, of the dictionary).
    private(set) var longestValue = 0
    private var longestDictionaryValue = 0

    // Buffers reused from page to page.
    private var header: [UInt8] = []
    private var compressed: [UInt8] = []
    private var body: [UInt8] = []
    private var levels: [UInt32] = []
    private var indices: [UInt32] = []
    private var values = ParquetPhysicalValues()

    /// Bytes read from the file so far.
    private(set) var bytesRead = 0

    /// The largest uncompressed page accepted (writers use about 1 MiB).
    static let maxPageBytes = 256 << 20
    /// The most values one page may hold (a page of NULLs is a few bytes for any count).
    static let maxPageValues = 16 << 20

    init(file: ParquetFileHandle, column: ParquetLeafColumn, chunk: ParquetFileMetadata.Chunk, rows: Int, dataEnd: Int,
         typed: Bool = false) throws(FerryError) {
        self.file = file
        self.column = column
        self.typed = typed
        dictionaryVector = ColumnVector(type: column.type)
        pageVector = ColumnVector(type: column.type)
        guard chunk.externalPath == nil else {
            throw ParquetFormatError.unsupported(file.path, "column \(column.name) has its data in another file")
        }
        guard chunk.physical == column.physical.rawValue else {
            throw ParquetFormatError.failure(file.path, "column \(column.name)'s chunk has physical type \(chunk.physical), its schema \(column.physical.rawValue)")
        }
        let start = chunk.start
        guard start >= 4, chunk.compressedBytes > 0, start <= Int64(dataEnd), chunk.compressedBytes <= Int64(dataEnd) - start else {
            throw ParquetFormatError.failure(file.path, "column \(column.name)'s chunk (\(chunk.compressedBytes) bytes at offset \(start)) lies outside the file's data")
        }
        position = Int(start)
        end = Int(start + chunk.compressedBytes)
        rowsToLoad = rows
        decompressor = try ParquetPageDecompressor(codec: chunk.codec, path: file.path)
    }

    private func failure(_ reason: String) -> FerryError {
        ParquetFormatError.failure(file.path, "column \(column.name): \(reason)")
    }

    /// The most bytes of texts one chunk of rows may hold; a chunk is sized from `longestValue`
    /// to stay far below it, so only values that grow from page to page can reach it.
    static let maxChunkBytes = 512 << 20

    /// Loads the next page when the current one is used up, so `longestValue` describes the
    /// rows `take` hands out next.
    func prepare() throws(FerryError) {
        if pageRow == pageRows { try loadPage() }
    }

    /// Appends the texts of the next `count` rows to `batch`: field `c` of rows
    /// `firstRow ..< firstRow + count`, whose field slots exist (`columns` per row).
    func take(_ count: Int, into batch: inout RawBatch, firstRow: Int, column c: Int, columns: Int) throws(FerryError) {
        var done = 0
        while done < count {
            if pageRow == pageRows { try loadPage() }
            let k = min(count - done, pageRows - pageRow)
            let source = pageUsesDictionary ? dictionaryText : pageText
            var overflow = false
            source.withUnsafeBufferPointer { text in
                for j in 0..<k {
                    let field = (firstRow + done + j) * columns + c
                    let length = Int(lengths[pageRow + j])
                    if length < 0 {
                        batch.fieldStart[field] = Int32(truncatingIfNeeded: batch.storage.count)
                        batch.fieldLength[field] = -1
                        continue
                    }
                    let start = Int(starts[pageRow + j])
                    guard batch.storage.count <= Self.maxChunkBytes - length else { overflow = true; break }
                    batch.fieldStart[field] = Int32(truncatingIfNeeded: batch.storage.count)
                    batch.fieldLength[field] = Int32(truncatingIfNeeded: length)
                    batch.storage.append(contentsOf: text[start..<start + length])
                }
            }
            if overflow { throw tooLarge(count) }
            pageRow += k
            done += k
        }
    }

    /// Reads pages until a data page is loaded (a dictionary page is kept on the way).
    private func loadPage() throws(FerryError) {
        while true {
            guard rowsToLoad > 0 else { throw failure("more rows were asked for than the row group holds") }
            guard position < end else { throw failure("the column chunk ends \(rowsToLoad) rows before its row group does") }
            let (h, headerLength) = try readHeader()
            let bodyStart = position + headerLength
            guard h.compressedBytes >= 0, Int(h.compressedBytes) <= end - bodyStart else {
                throw failure("a page of \(h.compressedBytes) bytes runs past the end of its column chunk")
            }
            guard h.uncompressedBytes >= 0, Int(h.uncompressedBytes) <= Self.maxPageBytes else {
                throw failure("a page claims \(h.uncompressedBytes) uncompressed bytes")
            }
            try file.read(at: bodyStart, count: Int(h.compressedBytes), into: &compressed)
            bytesRead += headerLength + Int(h.compressedBytes)
            position = bodyStart + Int(h.compressedBytes)
            switch ParquetPageHeader.Kind(rawValue: h.kind) {
            case .dictionaryPage?:
                try loadDictionary(h)
            case .dataPage?:
                try loadDataPage(h, v2: false)
                return
            case .dataPageV2?:
                try loadDataPage(h, v2: true)
                return
            case .indexPage?:
                continue
            case nil:
                throw failure("a page of unknown type \(h.kind)")
            }
        }
    }

    /// Parses the page header at `position`, reading more of the chunk while it is cut short.
    private func readHeader() throws(FerryError) -> (ParquetPageHeader, Int) {
        var want = min(256, end - position)
        while true {
            try file.read(at: position, count: want, into: &header)
            let parsed: Result<(ParquetPageHeader, Int), ThriftCompactReader.Failure> = header.withUnsafeBytes { raw in
                var r = ThriftCompactReader(raw)
                do throws(ThriftCompactReader.Failure) {
                    let h = try ParquetPageHeader.parse(&r)
                    return .success((h, r.position))
                } catch {
                    return .failure(error)
                }
            }
            switch parsed {
            case let .success(result): return result
            case .failure(.truncated) where want < end - position && want < 64 << 20:
                want = min(want * 8, end - position)
            case let .failure(failure):
                throw ParquetFormatError.thrift(file.path, failure, reading: "a page header of column \(column.name)")
            }
        }
    }

    private func loadDictionary(_ h: ParquetPageHeader) throws(FerryError) {
        guard !hasDictionary else { throw failure("a second dictionary page") }
        guard h.encoding == 0 || h.encoding == 2 else { throw failure("a dictionary page in encoding \(h.encoding)") }
        guard h.valueCount >= 0 else { throw failure("a dictionary of \(h.valueCount) values") }
        try decompress(compressed[...], size: Int(h.uncompressedBytes))
        try decodeValues(encoding: .plain, count: Int(h.valueCount))
        if typed {
            dictionaryVector = ColumnVector(type: column.type, capacity: values.count)
            longestDictionaryValue = 0
            for i in 0..<values.count {
                try appendStored(i, to: &dictionaryVector)
                longestDictionaryValue = max(longestDictionaryValue, storedLength(dictionaryVector, i))
            }
            hasDictionary = true
            return
        }
        dictionaryText.removeAll(keepingCapacity: true)
        dictionaryOffsets = [0]
        longestDictionaryValue = 0
        for i in 0..<values.count {
            let start = dictionaryText.count
            try render(i, to: &dictionaryText)
            dictionaryOffsets.append(dictionaryText.count)
            longestDictionaryValue = max(longestDictionaryValue, dictionaryText.count - start)
        }
        hasDictionary = true
    }

    private func loadDataPage(_ h: ParquetPageHeader, v2: Bool) throws(FerryError) {
        let rows = Int(h.valueCount)
        guard rows > 0, rows <= Self.maxPageValues, rows <= rowsToLoad else {
            throw failure("a data page of \(h.valueCount) values (\(rowsToLoad) rows left in the row group)")
        }
        let maxLevel: UInt32 = column.required ? 0 : 1
        var levelBytes = 0
        if v2 {
            guard h.repetitionBytes == 0 else { throw failure("a data page with repetition levels in a flat column") }
            levelBytes = Int(h.definitionBytes)
            guard levelBytes >= 0, levelBytes <= compressed.count, levelBytes <= Int(h.uncompressedBytes) else {
                throw failure("definition levels of \(h.definitionBytes) bytes in a page of \(h.compressedBytes)")
            }
            // The levels are never compressed; the values are, unless the header says not.
            body.removeAll(keepingCapacity: true)
            let valuesSize = Int(h.uncompressedBytes) - levelBytes
            if h.valuesCompressed && !decompressor.isIdentity {
                var decompressedValues: [UInt8] = []
                try compressed.withUnsafeBufferPointer { (buffer) throws(FerryError) in
                    let raw = UnsafeRawBufferPointer(buffer)
                    try decompressor.decompress(UnsafeRawBufferPointer(rebasing: raw[levelBytes...]), size: valuesSize, into: &decompressedValues)
                }
                body.append(contentsOf: compressed[..<levelBytes])
                body.append(contentsOf: decompressedValues)
            } else {
                guard compressed.count == Int(h.uncompressedBytes) else {
                    throw failure("an uncompressed page of \(compressed.count) bytes whose header gives \(h.uncompressedBytes)")
                }
                body.append(contentsOf: compressed)
            }
        } else {
            try decompress(compressed[...], size: Int(h.uncompressedBytes))
        }
        // Definition levels: one per row, 1 for a value and 0 for NULL.
        var valuesStart = 0
        var nonNull = rows
        if maxLevel > 0 {
            if !v2 {
                guard h.levelEncoding == 3 else {
                    throw ParquetFormatError.unsupported(file.path, "column \(column.name) has definition levels in encoding \(h.levelEncoding) (Ferry reads RLE levels)")
                }
                guard body.count >= 4 else { throw failure("a data page without its definition levels") }
                levelBytes = Int(UInt32(body[0]) | UInt32(body[1]) << 8 | UInt32(body[2]) << 16 | UInt32(body[3]) << 24)
                guard levelBytes <= body.count - 4 else { throw failure("definition levels of \(levelBytes) bytes past the page's end") }
                valuesStart = 4
            }
            do throws(RLEHybridDecoder.Failure) {
                try body.withUnsafeBufferPointer { (buffer) throws(RLEHybridDecoder.Failure) in
                    let raw = UnsafeRawBufferPointer(buffer)
                    try RLEHybridDecoder.decode(
                        UnsafeRawBufferPointer(rebasing: raw[valuesStart..<valuesStart + levelBytes]), bitWidth: 1, count: rows, into: &levels)
                }
            } catch {
                if case let .malformed(reason) = error { throw failure("definition levels: \(reason)") }
            }
            valuesStart += levelBytes
            nonNull = 0
            for level in levels { nonNull += Int(level) }
        } else if v2 {
            valuesStart = levelBytes
        }
        guard let encoding = ParquetValueDecoder.Encoding(rawValue: h.encoding) else {
            throw ParquetFormatError.unsupported(file.path, "column \(column.name) uses encoding number \(h.encoding)")
        }
        if typed {
            try loadTypedPage(encoding: encoding, rows: rows, nonNull: nonNull, valuesStart: valuesStart, hasLevels: maxLevel > 0)
            return
        }
        // The page's texts, NULLs where the level is 0.
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        pageText.removeAll(keepingCapacity: true)
        pageRow = 0
        starts.reserveCapacity(rows)
        lengths.reserveCapacity(rows)
        if encoding == .plainDictionary || encoding == .rleDictionary {
            guard hasDictionary else { throw failure("a dictionary-encoded page without a dictionary") }
            try decodeIndices(from: valuesStart, count: nonNull)
            pageUsesDictionary = true
            longestValue = longestDictionaryValue
            var next = 0
            let entries = dictionaryOffsets.count - 1
            for row in 0..<rows {
                if maxLevel > 0 && levels[row] == 0 {
                    starts.append(0)
                    lengths.append(-1)
                    continue
                }
                let index = Int(indices[next])
                next += 1
                guard index < entries else { throw failure("a dictionary index \(index) past the dictionary's \(entries) entries") }
                starts.append(Int32(truncatingIfNeeded: dictionaryOffsets[index]))
                lengths.append(Int32(truncatingIfNeeded: dictionaryOffsets[index + 1] - dictionaryOffsets[index]))
            }
        } else {
            try decodePageValues(from: valuesStart, encoding: encoding, count: nonNull)
            longestValue = 0
            var next = 0
            for row in 0..<rows {
                if maxLevel > 0 && levels[row] == 0 {
                    starts.append(0)
                    lengths.append(-1)
                    continue
                }
                let start = pageText.count
                try render(next, to: &pageText)
                next += 1
                starts.append(Int32(truncatingIfNeeded: start))
                lengths.append(Int32(truncatingIfNeeded: pageText.count - start))
                longestValue = max(longestValue, pageText.count - start)
            }
        }
        pageRows = rows
        rowsToLoad -= rows
    }

    /// Typed mode: the page's values into `pageVector`, or for a dictionary-encoded page each
    /// row's dictionary entry into `pageEntries`; NULLs where the level is 0.
    private func loadTypedPage(encoding: ParquetValueDecoder.Encoding, rows: Int, nonNull: Int, valuesStart: Int, hasLevels: Bool) throws(FerryError) {
        pageRow = 0
        if encoding == .plainDictionary || encoding == .rleDictionary {
            guard hasDictionary else { throw failure("a dictionary-encoded page without a dictionary") }
            try decodeIndices(from: valuesStart, count: nonNull)
            pageUsesDictionary = true
            longestValue = longestDictionaryValue
            pageEntries.removeAll(keepingCapacity: true)
            pageEntries.reserveCapacity(rows)
            let entries = dictionaryVector.count
            var next = 0
            for row in 0..<rows {
                if hasLevels && levels[row] == 0 {
                    pageEntries.append(-1)
                    continue
                }
                let index = Int(indices[next])
                next += 1
                guard index < entries else { throw failure("a dictionary index \(index) past the dictionary's \(entries) entries") }
                pageEntries.append(Int32(truncatingIfNeeded: index))
            }
        } else {
            try decodePageValues(from: valuesStart, encoding: encoding, count: nonNull)
            pageVector = ColumnVector(type: column.type, capacity: rows)
            longestValue = 0
            var next = 0
            for row in 0..<rows {
                if hasLevels && levels[row] == 0 {
                    pageVector.appendNull()
                    continue
                }
                try appendStored(next, to: &pageVector)
                next += 1
                longestValue = max(longestValue, storedLength(pageVector, row))
            }
        }
        pageRows = rows
        rowsToLoad -= rows
    }

    /// Appends decoded value `i` to `vector` in its type's storage.
    @inline(__always)
    private func appendStored(_ i: Int, to vector: inout ColumnVector) throws(FerryError) {
        switch column.type.storage {
        case .int64:
            do throws(ParquetTextRenderer.Failure) {
                vector.append(int: try ParquetTextRenderer.stored(values, i, column))
            } catch {
                throw unloadable(error)
            }
        case .float64:
            vector.append(double: ParquetTextRenderer.storedDouble(values, i, column))
        case .bytes:
            // Bytes-stored types hold their canonical text (`ColumnStorage.bytes`).
            try render(i, to: &vector.bytes)
            vector.isNull.append(false)
            vector.ends.append(Int32(truncatingIfNeeded: vector.bytes.count))
        }
    }

    /// The bytes value `row` of `vector` takes in a chunk (8 for numbers).
    @inline(__always)
    private func storedLength(_ vector: ColumnVector, _ row: Int) -> Int {
        vector.type.storage == .bytes ? Int(vector.ends[row]) - vector.start(of: row) : 8
    }

    /// Typed mode: appends the next `count` rows' values to `vector`.
    func takeTyped(_ count: Int, into vector: inout ColumnVector) throws(FerryError) {
        let isBytes = vector.type.storage == .bytes
        var done = 0
        while done < count {
            if pageRow == pageRows { try loadPage() }
            let k = min(count - done, pageRows - pageRow)
            if pageUsesDictionary {
                for j in pageRow..<pageRow + k {
                    let entry = Int(pageEntries[j])
                    if entry < 0 {
                        vector.appendNull()
                    } else {
                        try append(dictionaryVector, row: entry, to: &vector, isBytes: isBytes, rows: count)
                    }
                }
            } else if isBytes {
                let first = pageVector.start(of: pageRow)
                let last = Int(pageVector.ends[pageRow + k - 1])
                guard vector.bytes.count <= Self.maxChunkBytes - (last - first) else { throw tooLarge(count) }
                let shift = Int32(truncatingIfNeeded: vector.bytes.count - first)
                vector.isNull.append(contentsOf: pageVector.isNull[pageRow..<pageRow + k])
                vector.bytes.append(contentsOf: pageVector.bytes[first..<last])
                vector.ends.append(contentsOf: pageVector.ends[pageRow..<pageRow + k].lazy.map { $0 &+ shift })
            } else {
                vector.isNull.append(contentsOf: pageVector.isNull[pageRow..<pageRow + k])
                if vector.type.storage == .int64 {
                    vector.ints.append(contentsOf: pageVector.ints[pageRow..<pageRow + k])
                } else {
                    vector.doubles.append(contentsOf: pageVector.doubles[pageRow..<pageRow + k])
                }
            }
            pageRow += k
            done += k
        }
    }

    /// Appends value `row` of `source` (not NULL) to `vector`.
    @inline(__always)
    private func append(_ source: ColumnVector, row: Int, to vector: inout ColumnVector, isBytes: Bool, rows: Int) throws(FerryError) {
        if isBytes {
            let start = source.start(of: row), end = Int(source.ends[row])
            guard vector.bytes.count <= Self.maxChunkBytes - (end - start) else { throw tooLarge(rows) }
            vector.isNull.append(false)
            vector.bytes.append(contentsOf: source.bytes[start..<end])
            vector.ends.append(Int32(truncatingIfNeeded: vector.bytes.count))
        } else if source.type.storage == .int64 {
            vector.append(int: source.ints[row])
        } else {
            vector.append(double: source.doubles[row])
        }
    }

    private func tooLarge(_ rows: Int) -> FerryError {
        FerryError(.sourceFormat, stage: .extract, "\(file.path): column \(column.name) holds values of more than \(Self.maxChunkBytes >> 20) MiB in \(rows) rows; lower batch_size")
    }

    private func unloadable(_ error: ParquetTextRenderer.Failure) -> FerryError {
        FerryError(.sourceFormat, stage: .extract, "\(file.path): column \(column.name) holds \(error.reason), which Ferry cannot load")
    }

    /// Decodes the `count` values of a page that is not dictionary-encoded, from `start` in `body`.
    private func decodePageValues(from start: Int, encoding: ParquetValueDecoder.Encoding, count: Int) throws(FerryError) {
        guard start <= body.count else { throw failure("the values start past the page's end") }
        try body.withUnsafeBufferPointer { (buffer) throws(FerryError) in
            let raw = UnsafeRawBufferPointer(buffer)
            try decode(UnsafeRawBufferPointer(rebasing: raw[start...]), encoding: encoding, count: count)
        }
        pageUsesDictionary = false
    }

    private func decompress(_ input: ArraySlice<UInt8>, size: Int) throws(FerryError) {
        try input.withUnsafeBufferPointer { (buffer) throws(FerryError) in
            try decompressor.decompress(UnsafeRawBufferPointer(buffer), size: size, into: &body)
        }
    }

    /// Decodes `count` PLAIN values of `body` (a dictionary page).
    private func decodeValues(encoding: ParquetValueDecoder.Encoding, count: Int) throws(FerryError) {
        try body.withUnsafeBufferPointer { (buffer) throws(FerryError) in
            try decode(UnsafeRawBufferPointer(buffer), encoding: encoding, count: count)
        }
    }

    private func decode(_ raw: UnsafeRawBufferPointer, encoding: ParquetValueDecoder.Encoding, count: Int) throws(FerryError) {
        do throws(ParquetValueDecoder.Failure) {
            try ParquetValueDecoder.decode(raw, encoding: encoding, count: count, column: column, into: &values)
        } catch {
            switch error {
            case let .malformed(reason): throw failure(reason)
            case let .unsupported(what): throw ParquetFormatError.unsupported(file.path, "column \(column.name): \(what)")
            }
        }
    }

    /// The dictionary indices of a page: a bit width byte, then RLE/bit-packed runs.
    private func decodeIndices(from start: Int, count: Int) throws(FerryError) {
        guard start < body.count || count == 0 else { throw failure("dictionary indices missing") }
        if count == 0 { indices.removeAll(keepingCapacity: true); return }
        let width = Int(body[start])
        do throws(RLEHybridDecoder.Failure) {
            try body.withUnsafeBufferPointer { (buffer) throws(RLEHybridDecoder.Failure) in
                let raw = UnsafeRawBufferPointer(buffer)
                try RLEHybridDecoder.decode(UnsafeRawBufferPointer(rebasing: raw[(start + 1)...]), bitWidth: width, count: count, into: &indices)
            }
        } catch {
            if case let .malformed(reason) = error { throw failure("dictionary indices: \(reason)") }
        }
    }

    private func render(_ i: Int, to out: inout [UInt8]) throws(FerryError) {
        do throws(ParquetTextRenderer.Failure) {
            try ParquetTextRenderer.append(values, i, column, to: &out)
        } catch {
            throw unloadable(error)
        }
    }
}
