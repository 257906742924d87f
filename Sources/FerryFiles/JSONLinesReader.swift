package import FerryCore

/// Reads a JSON Lines file: one JSON object per line, blank lines skipped.
///
/// Keys become columns in order of first appearance until `fixColumns` freezes the list; from
/// then on a record with a key outside it is rejected (`unknown field "k"`). Field texts: a
/// string's content, a number's exact text, `true`/`false`, NULL for `null` and for a missing
/// key, and compact JSON text for nested objects and arrays. A line that is not valid JSON, or
/// not an object, is rejected with the parser's message and column. Rows read before a later key
/// appeared have fewer fields than `columns` (the missing trailing fields are NULL).
package final class JSONLinesReader: DecodedInputSource {
    package private(set) var columns: [SourceColumn] = []

    let input: DecodedInput
    private let buffer: ScanBuffer
    private let batchSize: Int
    private let chunkSize: Int
    private let maxRecordBytes: Int
    private let skipsBOM: Bool
    /// Column positions by name. `String` keys match canonically equivalent spellings (NFC and
    /// NFD), so a hit is confirmed by bytes, and a key that differs in bytes from its canonical
    /// twin has its own position in `twinIndex`: the two are two columns, never silently one.
    private var columnIndex: [String: Int] = [:]
    private var twinIndex: [ColumnName: Int] = [:]
    /// By column position: the byte length of a name that is all ASCII, else nil (see `position`).
    private var asciiLengths: [Int?] = []
    private var fixed = false
    private var pos = 0
    /// 1-based line number of the line at `pos`.
    private var line = 1
    private var atEOF = false
    /// Values of the current record by column, reused across records.
    private var values: [JSONValue?] = []

    /// Opens `endpoint` (format `jsonl`).
    package convenience init(endpoint: FileEndpoint, options: LoadOptions) throws(FerryError) {
        try self.init(endpoint: endpoint, options: options, chunkSize: DelimitedReader.defaultChunkSize)
    }

    /// `chunkSize` and `maxRecordBytes` are parameters so tests can cut lines at every byte.
    init(
        endpoint: FileEndpoint, options: LoadOptions, chunkSize: Int,
        maxRecordBytes: Int = DelimitedReader.defaultMaxRecordBytes
    ) throws(FerryError) {
        batchSize = max(options.batchSize, 1)
        self.chunkSize = max(chunkSize, 1)
        self.maxRecordBytes = maxRecordBytes
        skipsBOM = options.encoding == .utf8
        input = try DecodedInput(endpoint: endpoint, encoding: options.encoding, chunkSize: self.chunkSize)
        buffer = ScanBuffer(capacity: self.chunkSize + 4096)
        try start()
    }

    package func next() throws(FerryError) -> SourceChunk? {
        var batch = RawBatch()
        var rejected: [RejectedRecord] = []
        while batch.rowLine.count + rejected.count < batchSize {
            guard let lineEnd = try findLineEnd() else { break }
            let start = pos
            let recordLine = line
            var end = lineEnd
            pos = lineEnd < buffer.end ? lineEnd + 1 : lineEnd
            line += 1
            if end > start && buffer.base[end - 1] == 0x0D { end -= 1 }
            let bytes = UnsafeBufferPointer(start: UnsafePointer(buffer.base + start), count: end - start)
            if JSONLinesReader.isBlank(bytes) { continue }
            if let reject = append(bytes, line: recordLine, to: &batch) {
                rejected.append(reject)
            }
        }
        if batch.rowLine.isEmpty && rejected.isEmpty { return nil }
        return SourceChunk(rows: batch, rejected: rejected)
    }

    package func restart() throws(FerryError) {
        try input.restart()
        buffer.clear()
        pos = 0
        line = 1
        atEOF = false
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

    /// Parses one record and appends it as a row, or returns why it is rejected.
    private func append(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, to batch: inout RawBatch) -> RejectedRecord? {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return RejectedRecord(line: line, reason: "invalid JSON at column \(error.column): \(error.message)", record: Array(bytes))
        }
        guard case let .object(members) = value else {
            return RejectedRecord(line: line, reason: "is a JSON \(value.typeName), not an object", record: Array(bytes))
        }
        for member in members where position(of: member.key) == nil {
            if fixed {
                return RejectedRecord(line: line, reason: "unknown field \"\(member.key)\"", record: Array(bytes))
            }
            add(member.key, at: columns.count)
            columns.append(SourceColumn(name: member.key))
            asciiLengths.append(Self.asciiLength(member.key))
        }
        values.removeAll(keepingCapacity: true)
        values.append(contentsOf: repeatElement(nil, count: columns.count))
        for member in members {
            if let index = position(of: member.key) { values[index] = member.value }
        }
        let recordStart = batch.storage.count
        batch.storage.append(contentsOf: bytes)
        let recordEnd = batch.storage.count
        for value in values {
            let start = batch.storage.count
            switch value {
            case .none, .some(.null):
                batch.appendField(start: start, length: -1)
                continue
            case let .some(.string(s)): batch.storage.append(contentsOf: s.utf8)
            case let .some(.number(n)): batch.storage.append(contentsOf: n.utf8)
            case let .some(.bool(b)): batch.storage.append(contentsOf: (b ? "true" : "false").utf8)
            case let .some(nested): nested.write(into: &batch.storage)
            }
            batch.appendField(start: start, length: batch.storage.count - start)
        }
        batch.endRow(line: line, recordStart: recordStart, recordEnd: recordEnd)
        return nil
    }

    /// Whether a line holds only JSON whitespace.
    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b != 0x20 && b != 0x09 && b != 0x0D {
            return false
        }
        return true
    }

    /// The offset of the LF ending the line at `pos` (or `buffer.end` for a last line without
    /// one), reading more input as needed; nil at the end of the input.
    private func findLineEnd() throws(FerryError) -> Int? {
        var searched = pos
        while true {
            let base = buffer.base
            var i = searched
            let end = buffer.end
            while i < end && base[i] != 0x0A { i += 1 }
            if i < end { return i }
            if atEOF { return pos < end ? end : nil }
            searched = i - pos
            try refill()
            searched += pos
        }
    }

    /// Moves the current line to the front of the buffer and reads more input after it.
    private func refill() throws(FerryError) {
        let shift = buffer.compact(keepingFrom: pos)
        pos -= shift
        let pending = buffer.end
        if pending >= maxRecordBytes {
            throw FerryError(.sourceFormat, stage: .extract, "\(input.displayName): line \(line) is longer than \(maxRecordBytes) bytes")
        }
        // Past one chunk of pending bytes (a long line), read at least as much again, so the
        // pending bytes are rescanned O(log n) times, not once per chunk.
        let n = try input.read(into: buffer, minimum: pending >= chunkSize ? pending : 1, count: max(chunkSize, pending))
        if n == 0 { atEOF = true }
    }

    /// Reads the first bytes and skips a UTF-8 byte order mark.
    private func start() throws(FerryError) {
        while buffer.end < 3 && !atEOF { try refill() }
        if skipsBOM && buffer.end >= 3 && buffer.base[0] == 0xEF && buffer.base[1] == 0xBB && buffer.base[2] == 0xBF {
            pos = 3
        }
    }
}
