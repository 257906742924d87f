package import FerryCore

/// Reads a Parquet file as canonical text fields (RawBatch), or as values already typed
/// (`nextTyped`, a `TypedBatch` of the declared types), one row group at a time, with the
/// columns' declared types (Docs/connectors/parquet.md, "Reading").
///
/// The footer is read first (from the file's end); then each row group's column chunks are read
/// page by page, so memory holds one page per column whatever the file's size. A field's span
/// points at its text; a row's record span is empty (a Parquet row has no text of its own), and
/// its line is its 1-based row number in the file.
package final class ParquetSource: TypedChunkSource {
    package let columns: [SourceColumn]
    /// Bytes of the file read so far (footer and pages).
    package private(set) var bytesRead = 0
    package var totalBytes: Int? { file.size }

    private let file: ParquetFileHandle
    private let metadata: ParquetFileMetadata
    private let leaves: [ParquetLeafColumn]
    private let batchSize: Int
    private let footerBytes: Int
    /// Where the footer starts: no column chunk may reach past it.
    private let dataEnd: Int
    private var group = 0
    private var readers: [ParquetColumnReader] = []
    private var rowsLeftInGroup = 0
    private var rowNumber = 0
    /// Rows per chunk: `batchSize`, halved while chunks exceed `chunkByteLimit` (values that
    /// grow after the chunk was sized from the pages' longest values).
    private var rowsPerChunk: Int
    /// Whether chunks are typed: fixed by the first call after opening or `restart()`.
    private var typedChunks: Bool?
    /// The declared columns as a schema, for typed chunks.
    private let declared: Schema

    /// Most bytes of texts in one chunk, so wide rows keep memory bounded.
    static let chunkByteLimit = 16 << 20
    private static let magic = Array("PAR1".utf8)

    /// Opens `endpoint.path` and reads its footer and schema.
    package init(endpoint: ParquetEndpoint, batchSize: Int) throws(FerryError) {
        let file = try ParquetFileHandle(path: endpoint.path)
        self.file = file
        self.batchSize = max(1, batchSize)
        rowsPerChunk = self.batchSize
        let path = endpoint.path
        guard file.size >= 12 else { throw ParquetFormatError.failure(path, "the file has \(file.size) bytes, fewer than a Parquet file's 12") }
        var bytes: [UInt8] = []
        try file.read(at: 0, count: 4, into: &bytes)
        guard bytes == Self.magic else { throw ParquetFormatError.failure(path, "it does not start with PAR1") }
        try file.read(at: file.size - 8, count: 8, into: &bytes)
        if bytes[4...] == Array("PARE".utf8)[...] {
            throw ParquetFormatError.unsupported(path, "encrypted Parquet files")
        }
        guard Array(bytes[4...]) == Self.magic else { throw ParquetFormatError.failure(path, "it does not end with PAR1") }
        let footerLength = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        guard footerLength > 0, footerLength <= file.size - 12 else {
            throw ParquetFormatError.failure(path, "a footer of \(footerLength) bytes in a file of \(file.size)")
        }
        footerBytes = footerLength + 8
        dataEnd = file.size - 8 - footerLength
        try file.read(at: dataEnd, count: footerLength, into: &bytes)
        let parsed: Result<ParquetFileMetadata, ThriftCompactReader.Failure> = bytes.withUnsafeBytes { raw in
            do throws(ThriftCompactReader.Failure) { return .success(try ParquetFileMetadata.parse(raw)) } catch { return .failure(error) }
        }
        switch parsed {
        case let .success(m): metadata = m
        case let .failure(failure): throw ParquetFormatError.thrift(path, failure, reading: "the footer")
        }
        bytesRead = footerBytes + 4
        leaves = try ParquetSchemaReader.columns(metadata.schema, path: path)
        guard !leaves.isEmpty else { throw ParquetFormatError.failure(path, "the schema has no columns") }
        for (index, g) in metadata.rowGroups.enumerated() {
            guard g.rows >= 0, g.chunks.count == leaves.count else {
                throw ParquetFormatError.failure(path, "row group \(index + 1) has \(g.chunks.count) column chunks for \(leaves.count) columns")
            }
        }
        columns = leaves.map { SourceColumn(name: $0.name, type: $0.type, nullable: !$0.required) }
        declared = Schema(columns: leaves.map { Column(name: $0.name, type: $0.type, nullable: !$0.required, origin: .source) })
    }

    /// The next rows, at most `batchSize` of them, from the current row group; nil at the end.
    package func next() throws(FerryError) -> SourceChunk? {
        try nextChunk(typed: false)
    }

    /// The next rows as `next()` gives them, typed (`SourceChunk.typed`) unless text chunks
    /// were read since the file was opened or restarted.
    package func nextTyped() throws(FerryError) -> SourceChunk? {
        try nextChunk(typed: true)
    }

    private func nextChunk(typed wanted: Bool) throws(FerryError) -> SourceChunk? {
        let typed = typedChunks ?? wanted
        typedChunks = typed
        while rowsLeftInGroup == 0 {
            guard group < metadata.rowGroups.count else { return nil }
            // A row group without rows (an empty table's) has nothing to read.
            if metadata.rowGroups[group].rows > 0 { try openGroup(group) }
            group += 1
        }
        // As many rows as fit in `chunkByteLimit` at the current pages' longest values.
        var rowBytes = leaves.count
        for reader in readers {
            let before = reader.bytesRead
            try reader.prepare()
            bytesRead += reader.bytesRead - before
            rowBytes += reader.longestValue
        }
        let count = min(rowsPerChunk, rowsLeftInGroup, max(1, Self.chunkByteLimit / rowBytes))
        if typed { return try typedChunk(count) }
        let width = leaves.count
        var rows = RawBatch()
        rows.fieldStart = [Int32](repeating: 0, count: count * width)
        rows.fieldLength = [Int32](repeating: -1, count: count * width)
        rows.rowFieldOffset.reserveCapacity(count + 1)
        rows.rowLine.reserveCapacity(count)
        for (c, reader) in readers.enumerated() {
            let before = reader.bytesRead
            try reader.take(count, into: &rows, firstRow: 0, column: c, columns: width)
            bytesRead += reader.bytesRead - before
        }
        for row in 0..<count {
            rows.rowFieldOffset.append(Int32(truncatingIfNeeded: (row + 1) * width))
            rows.rowLine.append(rowNumber + row + 1)
            rows.recordStart.append(0)
            rows.recordEnd.append(0)
        }
        rowNumber += count
        rowsLeftInGroup -= count
        if rows.storage.count > Self.chunkByteLimit, rowsPerChunk > 1 { rowsPerChunk /= 2 }
        return SourceChunk(rows: rows)
    }

    /// The next `count` rows as a typed chunk.
    private func typedChunk(_ count: Int) throws(FerryError) -> SourceChunk {
        var batch = TypedBatch(schema: declared, capacity: count)
        var bytes = 0
        for (c, reader) in readers.enumerated() {
            let before = reader.bytesRead
            try reader.takeTyped(count, into: &batch.columns[c])
            bytesRead += reader.bytesRead - before
            bytes += batch.columns[c].bytes.count
        }
        batch.lines.append(contentsOf: rowNumber + 1 ... rowNumber + count)
        rowNumber += count
        rowsLeftInGroup -= count
        if bytes > Self.chunkByteLimit, rowsPerChunk > 1 { rowsPerChunk /= 2 }
        return SourceChunk(typed: batch)
    }

    /// Opens the column chunks of row group `index`.
    private func openGroup(_ index: Int) throws(FerryError) {
        let g = metadata.rowGroups[index]
        guard g.rows <= Int64(Int32.max) * 64 else {
            throw ParquetFormatError.failure(file.path, "row group \(index + 1) claims \(g.rows) rows")
        }
        var opened: [ParquetColumnReader] = []
        for (leaf, chunk) in zip(leaves, g.chunks) {
            opened.append(try ParquetColumnReader(file: file, column: leaf, chunk: chunk, rows: Int(g.rows), dataEnd: dataEnd,
                                                  typed: typedChunks ?? false))
        }
        readers = opened
        rowsLeftInGroup = Int(g.rows)
    }

    /// Starts again from the first row group.
    package func restart() throws(FerryError) {
        group = 0
        readers = []
        rowsLeftInGroup = 0
        rowNumber = 0
        bytesRead = footerBytes + 4
        rowsPerChunk = batchSize
        typedChunks = nil
    }
}
