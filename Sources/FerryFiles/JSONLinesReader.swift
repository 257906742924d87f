package import FerryCore

/// Reads a JSON Lines file: one JSON object per line, blank lines skipped.
///
/// Keys become columns in order of first appearance until `fixColumns` freezes the list; from
/// then on a record with a key outside it is rejected (`unknown field "k"`). Field texts: a
/// string's content, a number's exact text, `true`/`false`, NULL for `null` and for a missing
/// key, and compact JSON text for nested objects and arrays. A line that is not valid JSON, or
/// not an object, is rejected with the parser's message and column. Rows read before a later key
/// appeared have fewer fields than `columns` (the missing trailing fields are NULL).
///
/// Lines are scanned in place, as `DelimitedReader` does: `JSONLinesScanner` takes every line
/// that repeats the key order of the last line accepted here (the common case: one flat object
/// per line, keys in a stable order) straight into field spans, and hands any other line to the
/// general path, `JSONParser`, which also learns the next key order from it. The records of a
/// batch are the scanned bytes copied into its `storage` once.
package final class JSONLinesReader: DecodedInputSource {
    package private(set) var columns: [SourceColumn] = []

    let input: DecodedInput
    let buffer: ScanBuffer
    private let batchSize: Int
    private let chunkSize: Int
    private let maxRecordBytes: Int
    private let maxBatchBytes: Int
    private let validatesUTF8: Bool
    /// False makes every line take the general path (for tests comparing the two).
    private let fastPath: Bool
    /// Column positions by name. `String` keys match canonically equivalent spellings (NFC and
    /// NFD), so a hit is confirmed by bytes, and a key that differs in bytes from its canonical
    /// twin has its own position in `twinIndex`: the two are two columns, never silently one.
    private var columnIndex: [String: Int] = [:]
    private var twinIndex: [ColumnName: Int] = [:]
    /// By column position: the byte length of a name that is all ASCII, else nil (see `position`).
    private var asciiLengths: [Int?] = []
    private var fixed = false
    var cursor = ScanCursor()
    var atEOF = false
    var finished = false
    var invalid = InvalidUTF8Offsets()
    private var rows = RowBuilder()
    private var scanner = JSONLinesScanner()
    /// Storage size of the largest batch so far, to reserve the next one's at once.
    private var storageHint = 0
    /// Lines read by the fast path so far (tests check that it runs).
    var fastLines: Int { scanner.fastLines }
    /// Values of the current record by column, reused across records.
    private var values: [JSONValue?] = []

    /// Opens `endpoint` (format `jsonl`).
    package convenience init(endpoint: FileEndpoint, options: LoadOptions) throws(FerryError) {
        try self.init(endpoint: endpoint, options: options, chunkSize: DelimitedReader.defaultChunkSize)
    }

    /// `chunkSize` and `maxRecordBytes` are parameters so tests can cut lines at every byte, and
    /// `fastPath` so they can compare the fast path with the general one.
    init(
        endpoint: FileEndpoint, options: LoadOptions, chunkSize: Int,
        maxRecordBytes: Int = DelimitedReader.defaultMaxRecordBytes, fastPath: Bool = true
    ) throws(FerryError) {
        batchSize = max(options.batchSize, 1)
        self.chunkSize = max(chunkSize, 1)
        self.maxRecordBytes = maxRecordBytes
        maxBatchBytes = max(32 << 20, self.chunkSize)
        validatesUTF8 = options.encoding == .utf8
        self.fastPath = fastPath
        input = try DecodedInput(endpoint: endpoint, encoding: options.encoding, chunkSize: self.chunkSize,
                                 resumable: options.commitEvery != nil)
        buffer = ScanBuffer(capacity: self.chunkSize + 4096)
        try start()
    }

    package func next() throws(FerryError) -> SourceChunk? {
        guard !finished else { return nil }
        var work = RecordAssembly(names: [], expected: -1)
        var batch = RawBatch()
        if storageHint > 0 {
            batch.storage.reserveCapacity(storageHint + storageHint / 8)
        }
        var stop = scanSegment(into: &batch, work: &work)
        // A batch ends with its row count, or past `maxBatchBytes` of storage (very long lines).
        while case .needMore = stop, batch.rowLine.isEmpty || batch.storage.count < maxBatchBytes {
            try refill()
            stop = scanSegment(into: &batch, work: &work)
        }
        if case .end = stop { finished = true }
        work.finish(into: &batch)
        storageHint = max(storageHint, batch.storage.count)
        if batch.rowLine.isEmpty && work.rejected.isEmpty { return nil }
        return SourceChunk(rows: batch, rejected: work.rejected)
    }

    /// Scans the lines in the buffer from the cursor into `batch` (the fast path, and the general
    /// one for each line it hands back), then copies the scanned bytes into `storage`, where the
    /// rows' spans point.
    private func scanSegment(into batch: inout RawBatch, work: inout RecordAssembly) -> JSONLinesScanner.Stop {
        let segmentStart = cursor.pos
        let delta = batch.storage.count - segmentStart
        let maxRecords = batchSize - batch.rowLine.count
        rows.begin(fieldBase: batch.fieldStart.count)
        while true {
            let stop = scanner.scan(
                UnsafePointer(buffer.base), end: buffer.end, atEOF: atEOF, cursor: &cursor, columnCount: columns.count,
                rows: &rows, delta: delta, maxRecords: maxRecords, work: &work, invalid: &invalid)
            guard case let .general(start, end, line) = stop else {
                rows.flush(into: &batch)
                batch.storage.append(contentsOf: UnsafeRawBufferPointer(start: buffer.base + segmentStart, count: cursor.pos - segmentStart))
                return stop
            }
            appendGeneral(start: start, end: end, line: line, delta: delta, work: &work)
        }
    }

    package func restart() throws(FerryError) {
        try rewind()
        scanner.forget()
        try start()
    }

    package func fixColumns(_ names: [String]) {
        fixed = true
        columns = names.map { SourceColumn(name: $0) }
        asciiLengths = names.map(Self.asciiLength)
        columnIndex = [:]
        twinIndex = [:]
        for (index, name) in names.enumerated() where position(of: name) == nil {
            add(name, at: index)
        }
        scanner.forget()
    }

    /// The position of the column named `key`, by bytes. Called for every key of every record:
    /// a match of an ASCII name with as many bytes is that name without comparing them, because a
    /// different spelling canonically equal to ASCII text (KELVIN SIGN for `K`) takes more bytes.
    private func position(of key: String) -> Int? {
        guard let index = columnIndex[key] else { return nil }
        if let length = asciiLengths[index], length == key.utf8.count { return index }
        if columns[index].name.utf8.elementsEqual(key.utf8) { return index }
        return twinIndex[ColumnName(key)]
    }

    private static func asciiLength(_ name: String) -> Int? {
        name.utf8.allSatisfy { $0 < 0x80 } ? name.utf8.count : nil
    }

    private func add(_ key: String, at index: Int) {
        if columnIndex[key] == nil { columnIndex[key] = index } else { twinIndex[ColumnName(key)] = index }
    }

    /// The general path: parses the line at `buffer[start ..< end]` with `JSONParser` and appends
    /// it as a row (its field texts in the scratch, its record a span of the buffer) or as a
    /// reject; an accepted line's keys become the key order the fast path expects next.
    private func appendGeneral(start: Int, end: Int, line: Int, delta: Int, work: inout RecordAssembly) {
        let bytes = UnsafeBufferPointer(start: UnsafePointer(buffer.base + start), count: end - start)
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            work.rejected.append(RejectedRecord(line: line, reason: "invalid JSON at column \(error.column): \(error.message)", record: Array(bytes)))
            return
        }
        guard case let .object(members) = value else {
            work.rejected.append(RejectedRecord(line: line, reason: "is a JSON \(value.typeName), not an object", record: Array(bytes)))
            return
        }
        for member in members where position(of: member.key) == nil {
            if fixed {
                work.rejected.append(RejectedRecord(line: line, reason: "unknown field \"\(member.key)\"", record: Array(bytes)))
                return
            }
            add(member.key, at: columns.count)
            columns.append(SourceColumn(name: member.key))
            asciiLengths.append(Self.asciiLength(member.key))
        }
        values.removeAll(keepingCapacity: true)
        values.append(contentsOf: repeatElement(nil, count: columns.count))
        var keys: [String] = []
        var positions: [Int] = []
        for member in members {
            if let index = position(of: member.key) {
                values[index] = member.value
                keys.append(member.key)
                positions.append(index)
            }
        }
        for value in values {
            let fieldStart = work.scratch.count
            switch value {
            case .none, .some(.null):
                rows.appendField(start: 0, length: -1)
                continue
            case let .some(.string(s)): work.scratch.append(contentsOf: s.utf8)
            case let .some(.number(n)): work.scratch.append(contentsOf: n.utf8)
            case let .some(.bool(b)): work.scratch.append(contentsOf: (b ? "true" : "false").utf8)
            case let .some(nested): nested.write(into: &work.scratch)
            }
            work.scratchFields.append(rows.fieldBase + rows.fieldCount)
            rows.appendField(start: fieldStart, length: work.scratch.count - fieldStart)
        }
        rows.endRow(line: line, recordStart: start + delta, recordEnd: end + delta)
        if fastPath { scanner.learn(keys, columns: positions) }
    }

    /// Moves the current line to the front of the buffer and reads more input after it.
    private func refill() throws(FerryError) {
        let shift = buffer.compact(keepingFrom: cursor.pos)
        cursor.pos -= shift
        invalid.shift(by: shift)
        let pending = buffer.end
        if pending >= maxRecordBytes {
            throw FerryError(.sourceFormat, stage: .extract, "\(input.displayName): line \(cursor.line) is longer than \(maxRecordBytes) bytes")
        }
        // Past one chunk of pending bytes (a long line), read at least as much again, so the
        // pending bytes are rescanned O(log n) times, not once per chunk.
        let n = try input.read(into: buffer, minimum: pending >= chunkSize ? pending : 1, count: max(chunkSize, pending))
        if n == 0 { atEOF = true }
        if validatesUTF8 {
            invalid.check(UnsafePointer(buffer.base), end: buffer.end, atEOF: atEOF)
        }
    }

    /// Reads the first bytes and skips a UTF-8 byte order mark.
    private func start() throws(FerryError) {
        while buffer.end < 3 && !atEOF { try refill() }
        if validatesUTF8 && buffer.end >= 3 && buffer.base[0] == 0xEF && buffer.base[1] == 0xBB && buffer.base[2] == 0xBF {
            cursor.pos = 3
        }
    }
}
