package import FerryCore
import FerryFiles

/// Writes a load into Parquet: one file, or a directory of files (`partition_by`,
/// `max_file_bytes`). Atomic either way: a temporary file or directory beside the target,
/// renamed into place at `commit` (`create` never replaces what exists, checked again at
/// commit; `replace` renames over a file, and swaps a whole directory that holds only a
/// Parquet output).
///
/// Rows are encoded column by column into pages as batches arrive (`ParquetFileWriter`, one per
/// partition); a row group is written when it fills, so memory stays bounded by one row group
/// per partition, and by `partitionedBufferBytes` over all partitions together (the largest
/// row group is written early past it). At most `maxOpenFiles` files are open at once: past it,
/// the least recently used partition's file is finished and that partition's next rows go to
/// its next numbered file.
package final class ParquetSink: BatchSink, ReportsWrittenFiles {
    package var valueLimits: ValueLimits { .none }
    package var keepsLedger: Bool { false }
    package var interrupter: any Interrupter { stopFlag }
    package private(set) var writtenFiles: [WrittenFile] = []

    /// Rows of all partitions' open row groups together, at most (about).
    static let partitionedBufferBytes = 256 << 20
    /// Files open at once, at most.
    static let maxOpenFiles = 256

    private let endpoint: ParquetEndpoint
    private let stopFlag = FlagInterrupter()
    private var mode = LoadMode.create
    /// Threads that encode and compress column chunks (the sink's own and at most one helper).
    private let encodeThreads: Int
    private var workers: ParquetColumnWorkers?
    /// Writes the row groups' chunks on a thread of its own when the sink encodes on two.
    private var chunkWriter: ParquetChunkWriter?
    private var schema = Schema(columns: [])
    private var single: StagedFile?
    private var directory: StagedDirectory?
    private var outputs: [ParquetFileWriter] = []
    /// The batch columns that name partitions, their escaped `name=` prefixes, the others.
    private var partitionColumns: [Int] = []
    private var partitionPrefixes: [[UInt8]] = []
    private var dataColumns: [Int] = []
    /// Each partition's directory (`a=1/b=x/`) and its output's index.
    private var partitions: [[UInt8]: Int] = [:]
    /// The rows of the current batch per output (reused).
    private var rowLists: [[Int]] = []
    private var uses = 0

    /// `encodeThreads` 2 encodes and compresses the columns of each slice of rows on the
    /// sink's thread and a helper thread together (`ParquetColumnWorkers`); the file's bytes are
    /// the same as with 1.
    package init(endpoint: ParquetEndpoint, encodeThreads: Int = 1) {
        self.endpoint = endpoint
        self.encodeThreads = max(1, encodeThreads)
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
            throw FerryError(.targetExists, stage: .load, "\(endpoint.writesDirectory ? "" : "the file ")\(path) already exists; use mode replace")
        }
        rollback()
        writtenFiles = []
        try resolvePartitions(schema)
        if mode == .replace && endpoint.writesDirectory && FileSystem.exists(path) {
            try StagedDirectory.checkReplaceable(path, what: "the Parquet target")
        }
        self.mode = mode
        self.schema = schema
        if workers == nil { workers = try ParquetColumnWorkers(endpoint.compression, threads: encodeThreads) }
        let chunkWriter = self.chunkWriter ?? ParquetChunkWriter(threaded: encodeThreads > 1)
        self.chunkWriter = chunkWriter
        if endpoint.writesDirectory {
            let staged = try StagedDirectory(path, what: "the Parquet target")
            directory = staged
            if partitionColumns.isEmpty { try addOutput(directory: "") }
        } else {
            let file = try StagedFile(path, what: "the Parquet target")
            single = file
            outputs = [ParquetFileWriter(
                schema: schema, sourceColumns: dataColumns, rowGroupRows: endpoint.rowGroupRows, maxFileBytes: nil,
                writer: chunkWriter, makeFile: { _ throws(FerryError) in file })]
            try outputs[0].openFileIfNeeded()
        }
    }

    /// The partition columns' positions in `schema`, and the columns the files hold.
    private func resolvePartitions(_ schema: Schema) throws(FerryError) {
        partitionColumns = []
        partitionPrefixes = []
        for name in endpoint.partitionBy {
            guard let index = schema.columns.firstIndex(where: { $0.name == name }) else {
                throw FerryError(
                    .invalidRequest, stage: .validate,
                    "partition_by names the column \(name), which the load's columns (\(schema.columns.map(\.name).joined(separator: ", "))) do not include")
            }
            partitionColumns.append(index)
            var prefix: [UInt8] = []
            HivePartitionPath.appendEscaped(name.utf8, to: &prefix)
            prefix.append(UInt8(ascii: "="))
            partitionPrefixes.append(prefix)
        }
        dataColumns = schema.columns.indices.filter { !partitionColumns.contains($0) }
        if dataColumns.isEmpty {
            throw FerryError(.invalidRequest, stage: .validate, "partition_by names every column; the Parquet files need at least one other column")
        }
    }

    /// Adds the output of the partition directory `relative` (`a=1/`; empty without partitions).
    private func addOutput(directory relative: String) throws(FerryError) {
        guard let directory, let chunkWriter else {
            throw FerryError(.internalError, stage: .load, "a partition of the Parquet target \(endpoint.path) without its directory")
        }
        let index = outputs.count
        outputs.append(ParquetFileWriter(
            schema: schema, sourceColumns: dataColumns, rowGroupRows: endpoint.rowGroupRows, maxFileBytes: endpoint.maxFileBytes,
            writer: chunkWriter, makeFile: { [unowned self] number throws(FerryError) in
                try self.makeRoom(for: index)
                return try directory.create(relative + Self.fileName(number))
            }))
        rowLists.append([])
    }

    /// `part-00000.parquet`, `part-00001.parquet`, ...
    static func fileName(_ number: Int) -> String {
        let digits = String(number)
        return "part-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".parquet"
    }

    /// Finishes the least recently used other output's file when `maxOpenFiles` are open.
    private func makeRoom(for index: Int) throws(FerryError) {
        var open = 0
        var oldest: Int?
        for (i, output) in outputs.enumerated() where output.hasOpenFile {
            open += 1
            if i != index, oldest.map({ output.lastUse < outputs[$0].lastUse }) ?? true { oldest = i }
        }
        if open >= Self.maxOpenFiles, let oldest { try outputs[oldest].closeFile() }
    }

    package func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        guard let workers, !outputs.isEmpty || directory != nil else {
            throw FerryError(.internalError, stage: .load, "write before begin on the Parquet target \(endpoint.path)")
        }
        if stopFlag.isInterrupted {
            throw FerryError(.cancelled, stage: .cancelled, "the write to \(endpoint.path) was interrupted")
        }
        if partitionColumns.isEmpty {
            try outputs[0].append(batch, 0..<batch.rowCount, workers: workers)
        } else {
            try writePartitioned(batch, workers)
        }
        return batch.rowCount
    }

    /// Sorts the batch's rows into their partitions and appends each partition's rows.
    private func writePartitioned(_ batch: TypedBatch, _ workers: ParquetColumnWorkers) throws(FerryError) {
        var key: [UInt8] = []
        var scratch: [UInt8] = []
        var touched: [Int] = []
        for row in 0..<batch.rowCount {
            key.removeAll(keepingCapacity: true)
            HivePartitionPath.append(row: row, of: batch, columns: partitionColumns, prefixes: partitionPrefixes, scratch: &scratch, to: &key)
            let index: Int
            if let known = partitions[key] {
                index = known
            } else {
                guard outputs.count < ParquetEndpoint.maxPartitions else {
                    throw FerryError(
                        .unsupported, stage: .load,
                        "the load makes more than \(ParquetEndpoint.maxPartitions) partitions (partition_by \(endpoint.partitionBy.joined(separator: ", "))); partition by fewer or coarser columns")
                }
                index = outputs.count
                try addOutput(directory: String(decoding: key, as: UTF8.self))
                partitions[key] = index
            }
            if rowLists[index].isEmpty { touched.append(index) }
            rowLists[index].append(row)
        }
        for index in touched {
            uses += 1
            outputs[index].lastUse = uses
            try outputs[index].append(batch, rowLists[index], workers: workers)
            rowLists[index].removeAll(keepingCapacity: true)
        }
        var buffered = outputs.map(\.bufferedBytes)
        var total = buffered.reduce(0, +)
        while total > Self.partitionedBufferBytes, let largest = buffered.indices.max(by: { buffered[$0] < buffered[$1] }) {
            try outputs[largest].endRowGroup(workers)
            total -= buffered[largest]
            buffered[largest] = 0
        }
    }

    /// A file target stages nothing beyond its temporary file: nil.
    package func finish() throws(FerryError) -> Int? { nil }

    /// Files have no load ledger: records nothing.
    package func record(_ entry: LedgerEntry) throws(FerryError) {}

    /// Files have no load ledger: records nothing.
    package func recordFailure(_ entry: LedgerEntry) {}

    /// Writes the last row groups and the footers, then publishes the file or directory. An
    /// output without partitions always has a file, empty when no row came, so its schema is
    /// there to read; a partitioned one without rows is an empty directory.
    package func commit() throws(FerryError) {
        guard let workers, single != nil || directory != nil else {
            throw FerryError(.internalError, stage: .commit, "commit before begin on the Parquet target \(endpoint.path)")
        }
        do throws(FerryError) {
            for output in outputs {
                if partitionColumns.isEmpty && output.written.isEmpty { try output.openFileIfNeeded() }
                try output.finish(workers)
            }
            if let single { try single.publish(replacing: mode == .replace) }
            if let directory { try directory.publish(replacing: mode == .replace) }
        } catch {
            rollback()
            throw error
        }
        writtenFiles = outputs.flatMap(\.written)
        single = nil
        directory = nil
    }

    package func rollback() {
        // A row group still being written holds the file: wait for it (its error no longer matters).
        do throws(FerryError) { try chunkWriter?.collect(wait: true) } catch {}
        single?.discard()
        single = nil
        directory?.discard()
        directory = nil
        outputs = []
        partitions = [:]
        rowLists = []
    }
}

extension StagedFile: ParquetOutputFile {
    var publishedPath: String { destination }
    /// `publish` flushes and renames the one file after the footer.
    func seal() throws(FerryError) {}
}

extension StagedDirectory.File: ParquetOutputFile {}
