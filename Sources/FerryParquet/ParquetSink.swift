package import FerryCore
import FerryFiles

/// Writes a load into a Parquet file; atomic: a temporary file beside the target, renamed into
/// place at `commit` (`create` never replaces an existing file, checked again at commit with
/// `link(2)`; `replace` renames over it, keeping its permissions).
///
/// Rows are encoded column by column into pages as batches arrive; a row group is written when it
/// reaches `rowGroupRows` rows or `ParquetEndpoint.rowGroupBytes` of encoded pages, so memory
/// stays bounded by one row group whatever the input's size. The footer goes last.
package final class ParquetSink: BatchSink {
    package var valueLimits: ValueLimits { .none }
    package var interrupter: any Interrupter { stopFlag }

    private let endpoint: ParquetEndpoint
    private let stopFlag = FlagInterrupter()
    private var temporary: StagedFile?
    private var mode = LoadMode.create
    private var compressor: PageCompressor?
    private var columns: [ParquetColumnWriter] = []
    private var rowGroups: [ParquetRowGroupMetadata] = []
    private var rowGroupRows = 0
    /// Bytes written to the temporary file so far (the next chunk's offset).
    private var offset: Int64 = 0

    private static let magic = Array("PAR1".utf8)

    package init(endpoint: ParquetEndpoint) {
        self.endpoint = endpoint
    }

    deinit { rollback() }

    /// A Parquet target is a new file: no columns to match.
    package func existingColumns() throws(FerryError) -> [Column]? { nil }

    package func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) {
        let path = endpoint.path
        guard path != "-" else {
            throw FerryError(.unsupported, stage: .load, "a Parquet target cannot be stdout, which carries the events; give a path")
        }
        guard ParquetEndpoint.targetModes.contains(mode) else {
            throw FerryError(
                .unsupported, stage: .load,
                "Parquet targets support the modes \(ParquetEndpoint.targetModes.map(\.rawValue).joined(separator: ", ")), not \(mode.rawValue)")
        }
        if mode == .create && FileSystem.exists(path) {
            throw FerryError(.targetExists, stage: .load, "the file \(path) already exists; use mode replace")
        }
        rollback()
        self.mode = mode
        compressor = try PageCompressor(endpoint.compression)
        columns = schema.columns.map { ParquetColumnWriter(ParquetColumnSpec($0)) }
        rowGroups = []
        rowGroupRows = 0
        let file = try StagedFile(path, what: "the Parquet target")
        temporary = file
        try file.write(Self.magic)
        offset = Int64(Self.magic.count)
    }

    package func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        guard let file = temporary, let compressor else {
            throw FerryError(.internalError, stage: .load, "write before begin on the Parquet target \(endpoint.path)")
        }
        if stopFlag.isInterrupted {
            throw FerryError(.cancelled, stage: .cancelled, "the write to \(endpoint.path) was interrupted")
        }
        var start = 0
        while start < batch.rowCount {
            let end = min(batch.rowCount, start + endpoint.rowGroupRows - rowGroupRows)
            for (writer, vector) in zip(columns, batch.columns) {
                try writer.append(vector, start..<end, lines: batch.lines, compressor: compressor)
            }
            rowGroupRows += end - start
            start = end
            let buffered = columns.reduce(0) { $0 + $1.bufferedBytes }
            if rowGroupRows >= endpoint.rowGroupRows || buffered >= ParquetEndpoint.rowGroupBytes {
                try writeRowGroup(file, compressor)
            }
        }
        return batch.rowCount
    }

    /// Writes the open row group's column chunks, one after the other, and records them.
    private func writeRowGroup(_ file: StagedFile, _ compressor: PageCompressor) throws(FerryError) {
        guard rowGroupRows > 0 else { return }
        var chunks: [ParquetChunkMetadata] = []
        for writer in columns {
            let chunk = try writer.takeChunk(compressor)
            try file.write(chunk.bytes)
            chunks.append(ParquetChunkMetadata(
                spec: writer.spec, codec: compressor.thriftValue, encodings: chunk.encodings, valueCount: chunk.values,
                uncompressedBytes: chunk.uncompressed, compressedBytes: Int64(chunk.bytes.count),
                dictionaryOffset: chunk.dictionaryPageBytes > 0 ? offset : nil, dataOffset: offset + Int64(chunk.dictionaryPageBytes),
                statistics: chunk.statistics))
            offset += Int64(chunk.bytes.count)
        }
        rowGroups.append(ParquetRowGroupMetadata(chunks: chunks, rows: Int64(rowGroupRows)))
        rowGroupRows = 0
    }

    /// A file target stages nothing beyond its temporary file: nil.
    package func finish() throws(FerryError) -> Int? { nil }

    /// Files have no load ledger: records nothing.
    package func record(_ entry: LedgerEntry) throws(FerryError) {}

    /// Files have no load ledger: records nothing.
    package func recordFailure(_ entry: LedgerEntry) {}

    /// Writes the last row group and the footer, then publishes the file.
    package func commit() throws(FerryError) {
        guard let file = temporary, let compressor else {
            throw FerryError(.internalError, stage: .commit, "commit before begin on the Parquet target \(endpoint.path)")
        }
        do throws(FerryError) {
            try writeRowGroup(file, compressor)
            let footer = ParquetFooter.encode(columns: columns.map(\.spec), rowGroups: rowGroups)
            try file.write(footer)
            try file.write(ParquetStatistics.littleEndian(UInt32(footer.count)) + Self.magic)
            try file.publish(replacing: mode == .replace)
        } catch {
            rollback()
            throw error
        }
        temporary = nil
    }

    package func rollback() {
        temporary?.discard()
        temporary = nil
        columns = []
        rowGroups = []
    }
}
