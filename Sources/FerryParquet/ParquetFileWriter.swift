import FerryCore

/// Where a `ParquetFileWriter` puts its bytes: the staged single file, or a file of a staged
/// directory.
protocol ParquetOutputFile: AnyObject {
    /// The path the file has once the load is published.
    var publishedPath: String { get }
    func write(_ bytes: [UInt8]) throws(FerryError)
    /// Called after the footer: the file is complete.
    func seal() throws(FerryError)
}

/// Writes the rows of one output (the whole load, or one partition) into Parquet files: column
/// chunks as row groups fill, the footer when a file ends. With `maxFileBytes`, a file ends
/// before the row group that would take it past the limit, and the next row group starts the
/// next numbered file; a file always holds at least one row group, so a single row group larger
/// than the limit makes a larger file (Docs/connectors/parquet.md, "Partitions and file size").
///
/// Memory stays bounded by one row group: `rowGroupRows` rows or `ParquetEndpoint.rowGroupBytes`
/// of encoded pages, or the room left in the file when that is less.
final class ParquetFileWriter {
    /// The batch columns this output stores, and their writers.
    let sourceColumns: [Int]
    let columns: [ParquetColumnWriter]
    private let rowGroupRows: Int
    private let maxFileBytes: Int?
    /// Creates file number `n` of this output.
    private let makeFile: (Int) throws(FerryError) -> any ParquetOutputFile
    /// Writes the row groups' chunks (on its thread, or at once); shared by the sink's outputs.
    private let writer: ParquetChunkWriter

    private var file: (any ParquetOutputFile)?
    private var fileNumber = 0
    private var fileRows = 0
    private var rowGroups: [ParquetRowGroupMetadata] = []
    private var openRows = 0
    /// Bytes written to the open file so far (the next chunk's offset).
    private var offset: Int64 = 0
    /// The files this output finished.
    private(set) var written: [WrittenFile] = []
    /// When this output last took rows (the sink's counter), to pick which file to close first.
    var lastUse = 0

    static let magic = Array("PAR1".utf8)
    /// Rows appended between checks of the row group's size.
    private static let sliceRows = 8192

    init(
        schema: Schema, sourceColumns: [Int], rowGroupRows: Int, maxFileBytes: Int?, writer: ParquetChunkWriter,
        makeFile: @escaping (Int) throws(FerryError) -> any ParquetOutputFile
    ) {
        self.writer = writer
        self.sourceColumns = sourceColumns
        columns = sourceColumns.map { ParquetColumnWriter(ParquetColumnSpec(schema.columns[$0])) }
        self.rowGroupRows = rowGroupRows
        self.maxFileBytes = maxFileBytes
        self.makeFile = makeFile
    }

    /// Whether a file of this output is open (holds a file descriptor).
    var hasOpenFile: Bool { file != nil }

    /// Bytes the open row group holds in memory.
    var bufferedBytes: Int { columns.reduce(0) { $0 + $1.bufferedBytes } }

    /// Appends rows `rows` of `batch`, ending row groups as they fill.
    /// The columns of a slice are encoded by `workers` (one or two threads; the same bytes).
    func append<Rows: RandomAccessCollection<Int>>(_ batch: TypedBatch, _ rows: Rows, workers: ParquetColumnWorkers) throws(FerryError)
    where Rows.Index == Int {
        var start = rows.startIndex
        let columns = columns, sourceColumns = sourceColumns
        while start < rows.endIndex {
            let end = min(rows.endIndex, start + min(rowGroupRows - openRows, Self.sliceRows))
            let slice = rows[start..<end]
            try workers.run(columns: columns.count, values: (end - start) * columns.count) { (c, compressor) throws(FerryError) in
                try columns[c].append(batch.columns[sourceColumns[c]], slice, lines: batch.lines, compressor: compressor)
            }
            openRows += end - start
            start = end
            // The previous row group's buffers come back as soon as it is written.
            try writer.collect(wait: false)
            if openRows >= rowGroupRows || bufferedBytes >= rowGroupLimit { try endRowGroup(workers) }
        }
    }

    /// The buffered size at which the open row group ends: 128 MiB, or with `maxFileBytes` the
    /// room left in the open file (a fresh file's room when little is left, so that the row
    /// group starts the next file rather than making a tiny one).
    private var rowGroupLimit: Int {
        guard let maxFileBytes else { return ParquetEndpoint.rowGroupBytes }
        let reserve = 1024 + columns.count * 160 * (rowGroups.count + 1)
        let fresh = maxFileBytes - Self.magic.count - reserve
        let room = file == nil ? fresh : maxFileBytes - Int(offset) - reserve
        return max(1, min(ParquetEndpoint.rowGroupBytes, room >= fresh / 4 ? room : fresh))
    }

    /// Encodes the open row group and writes it: into the open file when it fits under
    /// `maxFileBytes` (or the file has no row group yet), else into the next file.
    func endRowGroup(_ workers: ParquetColumnWorkers) throws(FerryError) {
        guard openRows > 0 else { return }
        let columns = columns
        try writer.collect(wait: true)
        try workers.run(columns: columns.count, values: openRows * columns.count) { (c, compressor) throws(FerryError) in
            try columns[c].sealChunk(compressor)
        }
        let compressor = workers.compressor
        var chunks: [ParquetChunk] = []
        chunks.reserveCapacity(columns.count)
        for column in columns { chunks.append(column.takeChunk()) }
        let rows = openRows
        openRows = 0
        if let maxFileBytes, file != nil, !rowGroups.isEmpty {
            let size = chunks.reduce(0) { $0 + $1.byteCount }
            let footer = ParquetFooter.encode(
                columns: columns.map(\.spec), rowGroups: rowGroups + [metadata(chunks, rows: rows, codec: compressor.thriftValue)])
            if Int(offset) + size + footer.count + 8 > maxFileBytes { try closeFile() }
        }
        try openFileIfNeeded()
        guard let file else { return }
        let group = metadata(chunks, rows: rows, codec: compressor.thriftValue)
        try writer.submit(ParquetChunkWriter.Job(file: file, parts: columns.map { $0.handOff() }))
        offset += Int64(chunks.reduce(0) { $0 + $1.byteCount })
        rowGroups.append(group)
        fileRows += rows
    }

    /// The footer's record of `chunks` written from `offset` on.
    private func metadata(_ chunks: [ParquetChunk], rows: Int, codec: Int32) -> ParquetRowGroupMetadata {
        var at = offset
        var out: [ParquetChunkMetadata] = []
        for (column, chunk) in zip(columns, chunks) {
            out.append(ParquetChunkMetadata(
                spec: column.spec, codec: codec, encodings: chunk.encodings, valueCount: chunk.values,
                uncompressedBytes: chunk.uncompressed, compressedBytes: Int64(chunk.byteCount),
                dictionaryOffset: chunk.dictionaryPageBytes > 0 ? at : nil, dataOffset: at + Int64(chunk.dictionaryPageBytes),
                statistics: chunk.statistics))
            at += Int64(chunk.byteCount)
        }
        return ParquetRowGroupMetadata(chunks: out, rows: Int64(rows))
    }

    /// Opens the next file when none is open: its magic first.
    func openFileIfNeeded() throws(FerryError) {
        guard file == nil else { return }
        try writer.collect(wait: true)
        let next = try makeFile(fileNumber)
        fileNumber += 1
        file = next
        try next.write(Self.magic)
        offset = Int64(Self.magic.count)
    }

    /// Ends the open row group, then writes the footer and seals the file; the next rows go to
    /// the next file.
    func finish(_ workers: ParquetColumnWorkers) throws(FerryError) {
        try endRowGroup(workers)
        try closeFile()
    }

    /// Writes the open file's footer and seals it.
    func closeFile() throws(FerryError) {
        guard let file else { return }
        try writer.collect(wait: true)
        let footer = ParquetFooter.encode(columns: columns.map(\.spec), rowGroups: rowGroups)
        try file.write(footer)
        try file.write(ParquetStatistics.littleEndian(UInt32(footer.count)) + Self.magic)
        offset += Int64(footer.count + 8)
        try file.seal()
        written.append(WrittenFile(path: file.publishedPath, rows: fileRows, bytes: Int(offset)))
        self.file = nil
        rowGroups = []
        fileRows = 0
        offset = 0
    }
}
