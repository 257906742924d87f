package import FerryCore

/// Reads a CSV (RFC 4180) or TSV (PostgreSQL text format) file as batches of raw field texts,
/// streaming in constant memory: about one input chunk plus the longest record.
///
/// The input is read in chunks (1 MiB by default), decoded to UTF-8 (gzip, Latin-1), checked for
/// valid UTF-8 chunk-wide, and scanned in place; the bytes of the records of a batch are copied
/// into its `storage` once, and a record cut by the end of a chunk is carried over to the next
/// scan. Records with problems become `RejectedRecord`s; see `CSVScanner` and `TSVScanner` for
/// the exact rules of each format.
package final class DelimitedReader: DecodedInputSource {
    package private(set) var columns: [SourceColumn] = []

    /// The two formats this reader scans.
    private enum Dialect {
        case csv(CSVScanner)
        case tsv(TSVScanner)
    }

    let input: DecodedInput
    let buffer: ScanBuffer
    private let dialect: Dialect
    private let header: Bool
    private let validatesUTF8: Bool
    private let batchSize: Int
    private let chunkSize: Int
    private let maxRecordBytes: Int
    private let maxBatchBytes: Int
    var invalid = InvalidUTF8Offsets()
    private var rows = RowBuilder()
    var cursor = ScanCursor()
    var atEOF = false
    var finished = false
    /// Storage size of the largest batch so far, to reserve the next one's at once.
    private var storageHint = 0
    /// Field count of the record read by the last `peek`.
    private var peekedFieldCount = 0

    /// Default size of one read from the file.
    static let defaultChunkSize = 1 << 20
    /// Longest record accepted; longer ones usually mean a quote that was never closed.
    static let defaultMaxRecordBytes = 256 << 20

    /// Opens `endpoint` (format `csv` or `tsv`) and reads its header, or counts the fields of the
    /// first record when `options.header` is false.
    package convenience init(endpoint: FileEndpoint, options: LoadOptions) throws(FerryError) {
        try self.init(endpoint: endpoint, options: options, chunkSize: DelimitedReader.defaultChunkSize)
    }

    /// `chunkSize` and `maxRecordBytes` are parameters so tests can cut records at every byte.
    init(
        endpoint: FileEndpoint, options: LoadOptions, chunkSize: Int,
        maxRecordBytes: Int = DelimitedReader.defaultMaxRecordBytes
    ) throws(FerryError) {
        let isTSV = endpoint.format == .tsv
        let markers = NullMarkers(options.nullMarkers ?? (isTSV ? ["\\N"] : [""]))
        if isTSV {
            dialect = .tsv(TSVScanner(delimiter: options.delimiter ?? 0x09, nulls: markers))
        } else {
            let quote = options.quote ?? 0x22
            dialect = .csv(CSVScanner(
                delimiter: options.delimiter ?? 0x2C, quote: quote, escape: options.escape ?? quote, nulls: markers))
        }
        header = options.header
        validatesUTF8 = options.encoding == .utf8
        batchSize = max(options.batchSize, 1)
        self.chunkSize = max(chunkSize, 1)
        self.maxRecordBytes = maxRecordBytes
        maxBatchBytes = max(32 << 20, self.chunkSize)
        input = try DecodedInput(endpoint: endpoint, encoding: options.encoding, chunkSize: self.chunkSize,
                                 resumable: options.commitEvery != nil)
        buffer = ScanBuffer(capacity: self.chunkSize + 4096)
        try start()
        columns = try readColumns()
    }

    package func next() throws(FerryError) -> SourceChunk? {
        try readChunk(maxRows: batchSize, work: RecordAssembly(names: columns.map(\.name), expected: columns.count))
    }

    package func restart() throws(FerryError) {
        try rewind()
        try start()
        if header {
            _ = try readChunk(maxRows: 1, work: RecordAssembly(names: [], expected: -1))
        }
    }

    /// Reads the first bytes and skips a UTF-8 byte order mark.
    private func start() throws(FerryError) {
        while buffer.end < 3 && !atEOF { try refill() }
        if validatesUTF8 && buffer.end >= 3 && buffer.base[0] == 0xEF && buffer.base[1] == 0xBB && buffer.base[2] == 0xBF {
            cursor.pos = 3
        }
    }

    /// The column names: from the header record, or `column_1 ... column_N` for the field count of
    /// the first record, which is then read again as data.
    private func readColumns() throws(FerryError) -> [SourceColumn] {
        let work = RecordAssembly(names: [], expected: -1)
        if !header {
            guard try readChunk(maxRows: 1, work: work, peek: true) != nil else { return [] }
            return (1...max(peekedFieldCount, 1)).map { SourceColumn(name: "column_\($0)") }
        }
        guard let chunk = try readChunk(maxRows: 1, work: work) else { return [] }
        if let problem = chunk.rejected.first {
            throw FerryError(.sourceFormat, stage: .extract, "cannot read the header of \(input.displayName) (line \(problem.line)): \(problem.reason)")
        }
        var names: [String] = []
        var seen = Set<ColumnName>()
        for index in 0..<chunk.rows.fieldCount(row: 0) {
            var name = chunk.rows.text(row: 0, column: index) ?? ""
            if name.isEmpty { name = "column_\(index + 1)" }
            guard seen.insert(ColumnName(name)).inserted else {
                throw FerryError(.sourceSchema, stage: .extract, "the header of \(input.displayName) names column \"\(name)\" twice")
            }
            names.append(name)
        }
        return names.map { SourceColumn(name: $0) }
    }

    /// Scans records into one chunk of at most `maxRows` records (rows and rejects). With `peek`,
    /// the cursor goes back to the start of the last record afterwards, so it is read again.
    private func readChunk(maxRows: Int, work initial: RecordAssembly, peek: Bool = false) throws(FerryError) -> SourceChunk? {
        guard !finished else { return nil }
        var work = initial
        var batch = RawBatch()
        if storageHint > 0 && !peek {
            batch.storage.reserveCapacity(storageHint + storageHint / 8)
        }
        loop: while true {
            let segmentStart = cursor.pos
            let delta = batch.storage.count - segmentStart
            rows.begin(fieldBase: batch.fieldStart.count)
            let stop = scan(maxRecords: maxRows - batch.rowLine.count, delta: delta, work: &work)
            rows.flush(into: &batch)
            if cursor.pos > segmentStart {
                batch.storage.append(contentsOf: UnsafeRawBufferPointer(start: buffer.base + segmentStart, count: cursor.pos - segmentStart))
            }
            switch stop {
            case .full:
                break loop
            case .end:
                finished = true
                break loop
            case .needMore:
                if batch.rowLine.count > 0 && batch.storage.count >= maxBatchBytes { break loop }
                try refill()
            }
        }
        work.finish(into: &batch)
        if peek {
            let sawRecord = batch.rowLine.count > 0 || !work.rejected.isEmpty
            guard sawRecord else { return nil }
            peekedFieldCount = work.lastFieldCount
            cursor = ScanCursor(pos: work.lastRecordStart, line: work.lastRecordLine)
            invalid.rewind(to: work.lastRecordStart)
            finished = false
            return SourceChunk(rows: batch, rejected: work.rejected)
        }
        storageHint = max(storageHint, batch.storage.count)
        if batch.rowLine.isEmpty && work.rejected.isEmpty { return nil }
        return SourceChunk(rows: batch, rejected: work.rejected)
    }

    private func scan(maxRecords: Int, delta: Int, work: inout RecordAssembly) -> ScanStop {
        let base = UnsafePointer(buffer.base)
        switch dialect {
        case let .csv(scanner):
            return scanner.scan(base, end: buffer.end, atEOF: atEOF, cursor: &cursor, rows: &rows,
                                delta: delta, maxRecords: maxRecords, work: &work, invalid: &invalid)
        case let .tsv(scanner):
            return scanner.scan(base, end: buffer.end, atEOF: atEOF, cursor: &cursor, rows: &rows,
                                delta: delta, maxRecords: maxRecords, work: &work, invalid: &invalid)
        }
    }

    /// Moves the unfinished record to the front of the buffer and reads more input after it.
    private func refill() throws(FerryError) {
        let shift = buffer.compact(keepingFrom: cursor.pos)
        cursor.pos -= shift
        invalid.shift(by: shift)
        let pending = buffer.end
        if pending >= maxRecordBytes {
            throw FerryError(
                .sourceFormat, stage: .extract,
                "\(input.displayName): the record starting at line \(cursor.line) is longer than \(maxRecordBytes) bytes; is a quote never closed?")
        }
        // Past one chunk of pending bytes (a long record), read at least as much again, so the
        // pending bytes are rescanned O(log n) times, not once per chunk.
        let n = try input.read(into: buffer, minimum: pending >= chunkSize ? pending : 1, count: max(chunkSize, pending))
        if n == 0 { atEOF = true }
        if validatesUTF8 {
            invalid.check(UnsafePointer(buffer.base), end: buffer.end, atEOF: atEOF)
        }
    }
}
