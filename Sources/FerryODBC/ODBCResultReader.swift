import FerryCore

/// Reads a result set with a block cursor into `RawBatch` field texts in canonical form.
///
/// Every column is bound column-wise (`SQLBindCol`) to a cell array of `rowsPerFetch` rows
/// (`SQL_ATTR_ROW_ARRAY_SIZE`, `SQL_ATTR_ROWS_FETCHED_PTR`) in the C type its Ferry type reads
/// best as: integers as `SQL_C_SBIGINT`, doubles as `SQL_C_DOUBLE`, dates and timestamps as
/// structs (text where the dialect stores them as text), everything else as `SQL_C_CHAR`
/// (`SQL_C_BINARY` for binary columns). A text value longer than its cell is read whole with
/// `SQLSetPos` and `SQLGetData` when the driver allows that in a block (`SQL_GD_BLOCK`); when it
/// does not and a column has no reliable size, rows are read one at a time with `SQLGetData`
/// for every column instead.
///
/// Field texts: integers as digits, doubles as the shortest round-trip text, booleans `true` /
/// `false`, dates `YYYY-MM-DD`, timestamps `YYYY-MM-DD HH:MM:SS[.ffffff]` (with `Z` for
/// timestamptz), uuids in lowercase, binary as `\x` and hex, text as stored. Each row's record
/// is a CSV rendering of its fields (quoted where needed, empty text as `""`, NULL as nothing).
final class ODBCResultReader {
    /// How one column is fetched and rendered.
    enum Kind: Equatable {
        case int64, double, boolean, date
        case timestamp(utc: Bool)
        /// Text; uuids are lowercased.
        case text(lowercase: Bool)
        case binary
    }

    private struct Field {
        let kind: Kind
        let cType: ODBCCType
        /// Bytes per cell.
        let cell: Int
        let values: ODBCBuffer
        let indicators: ODBCBuffer
    }

    /// Bytes of bound cells per fetch; the rows per fetch follow from the row's width.
    static let fetchByteBudget = 8 << 20
    /// Cell size for text whose size is unknown or large (longer values are read with SQLGetData).
    static let longCell = 4096

    private let statement: ODBCStatement
    private var fields: [Field]
    /// Rows per `SQLFetch`; 1 when reading row by row.
    let rowsPerFetch: Int
    /// Whether columns are bound (a block cursor); otherwise every value comes from SQLGetData.
    let blocks: Bool
    private let fetched = ODBCBuffer(bytes: MemoryLayout<UInt>.stride)
    private var rowsetCount = 0
    private var rowsetIndex = 0
    /// Scratch for a value read with SQLGetData.
    private var scratch: [UInt8] = []
    private let action: String

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `types` are the columns' Ferry types and limits (`ODBCDialect.columnType`): a text cell is
    /// sized from the column only when its limit says the database enforces that length.
    init(statement: ODBCStatement, columns: [ODBCResultColumn], types: [(type: ColumnType, limit: ColumnLimit?)], batchSize: Int, action: String) {
        self.statement = statement
        self.action = action
        let dialect = statement.connection.dialect
        var specs: [(Kind, ODBCCType, Int, Bool)] = []
        for (column, (type, limit)) in zip(columns, types) {
            let binary = [ODBCSQLType.binary, ODBCSQLType.varbinary, ODBCSQLType.longVarbinary].contains(column.sqlType)
            let kind: Kind
            switch type {
            case .bigint where [ODBCSQLType.bigint, ODBCSQLType.integer, ODBCSQLType.smallint, ODBCSQLType.tinyint].contains(column.sqlType): kind = .int64
            case .double where [ODBCSQLType.double, ODBCSQLType.float, ODBCSQLType.real].contains(column.sqlType): kind = .double
            case .boolean: kind = .boolean
            case .date where !dialect.temporalAsText: kind = .date
            case .timestamp where !dialect.temporalAsText: kind = .timestamp(utc: false)
            case .timestamptz where !dialect.temporalAsText: kind = .timestamp(utc: true)
            case .uuid: kind = .text(lowercase: true)
            default: kind = binary ? .binary : .text(lowercase: false)
            }
            switch kind {
            case .int64: specs.append((kind, .int64, 8, false))
            case .double: specs.append((kind, .double, 8, false))
            case .boolean: specs.append((kind, .char, 16, false))
            case .date: specs.append((kind, .date, ODBCCType.date.fixedSize ?? 8, false))
            case .timestamp: specs.append((kind, .timestamp, ODBCCType.timestamp.fixedSize ?? 16, false))
            case .text, .binary:
                // UTF-8 takes up to 4 bytes per character of an enforced length.
                var cell = Self.longCell
                var reliable = false
                if case let .maxCharacters(n, _)? = limit, n * 4 < Self.longCell {
                    cell = n * 4 + 1
                    reliable = true
                } else if kind == .binary, dialect.enforcesLengths, column.sqlType != ODBCSQLType.longVarbinary, column.size > 0, column.size < Self.longCell {
                    cell = column.size
                    reliable = true
                }
                specs.append((kind, kind == .binary ? .binary : .char, cell, !reliable))
            }
        }
        let anyLong = specs.contains { $0.3 }
        blocks = !anyLong || statement.connection.facts.getDataInBlocks
        let rowBytes = max(1, specs.reduce(0) { $0 + $1.2 + MemoryLayout<Int>.stride })
        rowsPerFetch = blocks ? max(1, min(batchSize, Self.fetchByteBudget / rowBytes, 10_000)) : 1
        let rows = rowsPerFetch
        fields = specs.map { kind, cType, cell, _ in
            Field(kind: kind, cType: cType, cell: cell, values: ODBCBuffer(bytes: cell * rows),
                  indicators: ODBCBuffer(bytes: MemoryLayout<Int>.stride * rows))
        }
    }

    /// Binds the cells (block cursor) or sets single-row fetches; call after each execute.
    func bind() throws(FerryError) {
        let context = statement.connection.context(.extract, action)
        rowsetCount = 0
        rowsetIndex = 0
        statement.unbindColumns()
        try statement.setRowArray(size: rowsPerFetch, fetched: fetched.typed(UInt.self), context)
        guard blocks else { return }
        for (index, field) in fields.enumerated() {
            try statement.bindColumn(index + 1, field.cType, buffer: field.values.pointer, elementLength: field.cell,
                                     indicators: field.indicators.typed(Int.self), context)
        }
    }

    /// Appends up to `maxRows` rows (and about `byteLimit` bytes) to `batch`, numbering them
    /// from `line + 1`; returns false once the result has no more rows.
    func read(into batch: inout RawBatch, maxRows: Int, byteLimit: Int, line: inout Int) throws(FerryError) -> Bool {
        while batch.rowCount < maxRows, batch.storage.count < byteLimit {
            if rowsetIndex == rowsetCount {
                guard try statement.fetch(statement.connection.context(.extract, action)) else { return false }
                rowsetCount = blocks ? Int(fetched.typed(UInt.self).pointee) : 1
                rowsetIndex = 0
                if rowsetCount == 0 { continue }
            }
            line += 1
            try render(row: rowsetIndex, line: line, into: &batch)
            rowsetIndex += 1
        }
        return true
    }

    /// Appends row `row` of the current rowset (row by row: the current row, read now with
    /// SQLGetData in column order) as fields and a CSV record.
    private func render(row: Int, line: Int, into batch: inout RawBatch) throws(FerryError) {
        let recordStart = batch.storage.count
        let firstField = batch.fieldStart.count
        var unquoted: [(field: Int, bytes: [UInt8])] = []
        for column in fields.indices {
            let field = fields[column]
            if column > 0 { batch.storage.append(0x2C) }
            let start = batch.storage.count
            guard try appendValue(field, column: column, row: row, to: &batch.storage) else {
                batch.appendField(start: start, length: -1)
                continue
            }
            let length = batch.storage.count - start
            let isText = field.cType == .char || field.cType == .binary
            if isText, length == 0 || Self.needsQuotes(batch.storage, from: start) {
                let copy = Array(batch.storage[start...])
                batch.storage.removeSubrange(start...)
                Self.appendQuoted(copy, to: &batch.storage)
                unquoted.append((firstField + column, copy))
                batch.appendField(start: 0, length: 0)  // set below, once the record is complete
            } else {
                batch.appendField(start: start, length: length)
            }
        }
        let recordEnd = batch.storage.count
        for (field, bytes) in unquoted {
            batch.fieldStart[field] = Int32(truncatingIfNeeded: batch.storage.count)
            batch.fieldLength[field] = Int32(truncatingIfNeeded: bytes.count)
            batch.storage.append(contentsOf: bytes)
        }
        batch.endRow(line: line, recordStart: recordStart, recordEnd: recordEnd)
    }

    /// Appends the canonical text of one value; false for NULL.
    private func appendValue(_ field: Field, column: Int, row: Int, to out: inout [UInt8]) throws(FerryError) -> Bool {
        let context = statement.connection.context(.extract, action)
        let cell = field.values.pointer + row * field.cell
        var indicator: Int
        switch field.cType {
        case .char, .binary:
            if !blocks {
                scratch.removeAll(keepingCapacity: true)
                guard try statement.appendData(column + 1, binary: field.cType == .binary, to: &scratch, context) else { return false }
                appendText(field, scratch, to: &out)
                return true
            }
            indicator = field.indicators.typed(Int.self)[row]
            if indicator == ODBCIndicator.null { return false }
            let capacity = field.cType == .char ? field.cell - 1 : field.cell
            if indicator == ODBCIndicator.noTotal || indicator > capacity {
                // Cut short in its cell: read it whole from the driver.
                guard statement.connection.facts.getDataInBlocks else {
                    throw FerryError(
                        .sourceUnreadable, stage: .extract,
                        "\(action): a value of column \(column + 1) at row \(row + 1) of the rowset is longer than the \(capacity) bytes the driver reported for the column")
                }
                try statement.position(row: row, context)
                scratch.removeAll(keepingCapacity: true)
                guard try statement.appendData(column + 1, binary: field.cType == .binary, to: &scratch, context) else { return false }
                appendText(field, scratch, to: &out)
                return true
            }
            let bytes = UnsafeRawBufferPointer(start: cell, count: max(0, indicator))
            appendText(field, bytes, to: &out)
            return true
        default:
            if blocks {
                indicator = field.indicators.typed(Int.self)[row]
            } else {
                indicator = try statement.getFixed(column + 1, field.cType, into: field.values.pointer, capacity: field.cell, context)
            }
            if indicator == ODBCIndicator.null { return false }
            let index = blocks ? row : 0
            switch field.kind {
            case .int64: ValueFormatter.appendInt(field.values.typed(Int64.self)[index], to: &out)
            case .double: out.append(contentsOf: ValueFormatter.doubleText(field.values.typed(Double.self)[index]).utf8)
            case .date: ODBCTemporal.appendDate(from: field.values.pointer, at: index, to: &out)
            case let .timestamp(utc): ODBCTemporal.appendTimestamp(from: field.values.pointer, at: index, utc: utc, to: &out)
            case .boolean, .text, .binary: break
            }
            return true
        }
    }

    /// Appends a text or binary value in canonical form: booleans as `true`/`false` (from
    /// `1`/`0`, `t`/`f` and the like), uuids lowercased, binary as `\x` and hex.
    @inline(__always)
    private func appendText(_ field: Field, _ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        switch field.kind {
        case .boolean:
            switch Self.boolean(bytes) {
            case true?: out.append(contentsOf: Self.trueText)
            case false?: out.append(contentsOf: Self.falseText)
            case nil: out.append(contentsOf: bytes)
            }
        case .text(lowercase: true):
            for byte in bytes { out.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) }
        case .binary:
            out.append(0x5C)
            out.append(0x78)
            for byte in bytes {
                out.append(Self.hexDigits[Int(byte >> 4)])
                out.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        default:
            out.append(contentsOf: bytes)
        }
    }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)

    /// `1`, `t`, `true`, `y`, `yes`, `-1` → true; `0`, `f`, `false`, `n`, `no` → false (drivers
    /// render booleans differently: psqlODBC as `1`/`0`).
    private static func boolean(_ bytes: some Collection<UInt8>) -> Bool? {
        switch String(decoding: bytes, as: UTF8.self).lowercased() {
        case "1", "t", "true", "y", "yes", "-1": true
        case "0", "f", "false", "n", "no": false
        default: nil
        }
    }

    /// Whether the bytes from `start` hold a comma, quote or line break.
    private static func needsQuotes(_ storage: [UInt8], from start: Int) -> Bool {
        storage.withUnsafeBufferPointer { bytes in
            for index in start..<bytes.count {
                let byte = bytes[index]
                if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
            }
            return false
        }
    }

    /// `"…"` with inner quotes doubled.
    private static func appendQuoted(_ bytes: [UInt8], to out: inout [UInt8]) {
        out.append(0x22)
        for byte in bytes {
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }
}
