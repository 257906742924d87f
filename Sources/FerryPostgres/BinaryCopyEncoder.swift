import FerryCore

/// Encodes typed rows in PostgreSQL's binary COPY format: a signature header, then per row an
/// int16 field count and per field an int32 length (-1 for NULL) and the value big-endian in the
/// type's `*_send` layout, then an int16 -1 trailer.
///
/// Dates are days and timestamps microseconds since 2000-01-01 (PostgreSQL's epoch); integers
/// take the width of the target column (after a range check); doubles go to float4 as the
/// nearest single-precision value.
final class BinaryCopyEncoder: CopyEncoder {
    private let fields: [BinaryField]
    private let columns: [String]
    private let placeholder: UnsafeMutablePointer<UInt8>

    /// Days from 1970-01-01 to 2000-01-01.
    static let epochDays: Int64 = 10_957
    /// Microseconds from 1970-01-01 to 2000-01-01.
    static let epochMicros: Int64 = 946_684_800_000_000

    init(fields: [BinaryField], columns: [String]) {
        self.fields = fields
        self.columns = columns
        placeholder = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        placeholder.initialize(to: 0)
    }

    deinit { placeholder.deallocate() }

    var format: CopyFormat { .binary }

    /// `PGCOPY\n\377\r\n\0`, flags 0, header extension length 0.
    func appendHeader(to buffer: CopyBuffer) {
        buffer.append([0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    func appendTrailer(to buffer: CopyBuffer) {
        buffer.reserve(2)
        buffer.append(bigEndian: Int16(-1))
    }

    func encode(_ batch: TypedBatch, from first: Int, into buffer: CopyBuffer, until limit: Int) throws(FerryError) -> Int {
        try CopyColumnView.with(batch, placeholder: placeholder) { (views) throws(FerryError) -> Int in
            try fields.withUnsafeBufferPointer { (fields) throws(FerryError) -> Int in
                try encodeRows(views, fields, batch, from: first, into: buffer, until: limit)
            }
        }
    }

    /// The flat loop: row by row, field by field, until the batch ends or the buffer holds
    /// `limit` bytes; returns the next row to encode.
    private func encodeRows(
        _ views: UnsafeBufferPointer<CopyColumnView>, _ fields: UnsafeBufferPointer<BinaryField>, _ batch: TypedBatch,
        from first: Int, into buffer: CopyBuffer, until limit: Int
    ) throws(FerryError) -> Int {
        let rowCount = batch.rowCount
        let columnCount = views.count
        let fixed = 2 + 20 * columnCount
        var row = first
        while row < rowCount, buffer.count < limit {
            buffer.reserve(fixed)
            buffer.append(bigEndian: Int16(truncatingIfNeeded: columnCount))
            for c in 0..<columnCount {
                let view = views[c]
                if view.isNull[row] {
                    buffer.append(bigEndian: Int32(-1))
                    continue
                }
                switch fields[c] {
                case .int8:
                    buffer.append(bigEndian: Int32(8))
                    buffer.append(bigEndian: view.ints.unsafelyUnwrapped[row])
                case .int4:
                    let value = view.ints.unsafelyUnwrapped[row]
                    guard let narrow = Int32(exactly: value) else { throw outOfRange(c, batch, row, "integer") }
                    buffer.append(bigEndian: Int32(4))
                    buffer.append(bigEndian: narrow)
                case .int2:
                    let value = view.ints.unsafelyUnwrapped[row]
                    guard let narrow = Int16(exactly: value) else { throw outOfRange(c, batch, row, "smallint") }
                    buffer.append(bigEndian: Int32(2))
                    buffer.append(bigEndian: narrow)
                case .float8:
                    buffer.append(bigEndian: Int32(8))
                    buffer.append(bigEndian: Int64(bitPattern: view.doubles.unsafelyUnwrapped[row].bitPattern))
                case .float4:
                    buffer.append(bigEndian: Int32(4))
                    buffer.append(bigEndian: Int32(bitPattern: Float(view.doubles.unsafelyUnwrapped[row]).bitPattern))
                case .bool:
                    buffer.append(bigEndian: Int32(1))
                    buffer.append(byte: view.ints.unsafelyUnwrapped[row] != 0 ? 1 : 0)
                case .date:
                    guard let days = Int32(exactly: view.ints.unsafelyUnwrapped[row] &- Self.epochDays) else {
                        throw outOfRange(c, batch, row, "date")
                    }
                    buffer.append(bigEndian: Int32(4))
                    buffer.append(bigEndian: days)
                case .timestamp:
                    let (micros, overflow) = view.ints.unsafelyUnwrapped[row].subtractingReportingOverflow(Self.epochMicros)
                    if overflow { throw outOfRange(c, batch, row, "timestamp") }
                    buffer.append(bigEndian: Int32(8))
                    buffer.append(bigEndian: micros)
                case .bytes:
                    let (start, count) = view.span(row)
                    buffer.reserve(4 + count + fixed)
                    buffer.append(bigEndian: Int32(truncatingIfNeeded: count))
                    buffer.append(UnsafeRawPointer(start), count: count)
                case .jsonb:
                    let (start, count) = view.span(row)
                    buffer.reserve(5 + count + fixed)
                    buffer.append(bigEndian: Int32(truncatingIfNeeded: count + 1))
                    buffer.append(byte: 1)
                    buffer.append(UnsafeRawPointer(start), count: count)
                case .uuid:
                    let (start, count) = view.span(row)
                    guard Self.appendUUID(start, count: count, to: buffer) else { throw notCanonical(c, batch, row, "uuid") }
                case .numeric:
                    let (start, count) = view.span(row)
                    guard PostgresNumeric.appendField(start, count: count, to: buffer) else {
                        throw numericError(c, batch, row)
                    }
                    buffer.reserve(fixed)
                }
            }
            row += 1
        }
        return row
    }

    /// Appends length 16 and the bytes of a canonical `8-4-4-4-12` hex uuid; false, writing
    /// nothing, for any other text. The caller reserved room for 20 bytes.
    @inline(__always)
    static func appendUUID(_ text: UnsafePointer<UInt8>, count: Int, to buffer: CopyBuffer) -> Bool {
        guard count == 36 else { return false }
        let lengthAt = buffer.count
        buffer.append(bigEndian: Int32(16))
        var i = 0
        var written = 0
        while i < 36 {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard text[i] == 0x2D else { buffer.count = lengthAt; return false }
                i += 1
                continue
            }
            let high = hexValue(text[i]), low = hexValue(text[i + 1])
            guard high < 16, low < 16 else { buffer.count = lengthAt; return false }
            buffer.append(byte: high << 4 | low)
            written += 1
            i += 2
        }
        return written == 16
    }

    /// 0–15 for a hex digit, 255 otherwise.
    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: 255
        }
    }

    // MARK: Errors (names and lines, never values)

    @inline(never)
    private func outOfRange(_ column: Int, _ batch: TypedBatch, _ row: Int, _ type: String) -> FerryError {
        FerryError(
            .targetWrite, stage: .load,
            "the value of column \(PostgresSQL.quoted(columns[column])) at source line \(batch.lines[row]) is out of range for PostgreSQL type \(type)")
    }

    @inline(never)
    private func numericError(_ column: Int, _ batch: TypedBatch, _ row: Int) -> FerryError {
        FerryError(
            .targetWrite, stage: .load,
            "the decimal in column \(PostgresSQL.quoted(columns[column])) at source line \(batch.lines[row]) is not canonical or does not fit PostgreSQL's numeric (at most 131072 digits before the point and 16383 after)")
    }

    @inline(never)
    private func notCanonical(_ column: Int, _ batch: TypedBatch, _ row: Int, _ type: String) -> FerryError {
        FerryError(
            .internalError, stage: .load,
            "column \(PostgresSQL.quoted(columns[column])) at source line \(batch.lines[row]) holds a value that is not canonical \(type) text or does not fit PostgreSQL's \(type)")
    }
}
