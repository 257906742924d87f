import FerryCore

/// Turns PostgreSQL's binary COPY stream into `RawBatch` rows holding, field for field, the text
/// that COPY's text format prints for the same values in `PostgresSource`'s session (DateStyle
/// ISO, TimeZone UTC, extra_float_digits 3): the engine then types exactly what it would have
/// typed from a text COPY, while the server skips its text output functions (timestamps,
/// numerics and dates cost it the most), about a fifth of its work for a typical table.
///
/// One difference: a double whose shortest digits lie exactly on the rounding boundary between
/// two doubles (rare) gets those digits here, where PostgreSQL's Ryu, which excludes the
/// boundary, prints up to 17; both texts read back as the same double.
///
/// The stream is a 19-byte header (signature, flags, extension area), then one tuple per row
/// (int16 field count, then per field an int32 length, -1 for NULL, and the value in the type's
/// `send` format) and an int16 -1 trailer. The server sends each tuple in its own CopyData
/// message, the header with the first one; a tuple may not span messages.
///
/// Each row's record span is the line a text COPY would have sent (fields separated by tabs,
/// `\N` for NULL, text with `\b \t \n \v \f \r \\` escaped); fields that needed escapes in the
/// record are copied unescaped after it, as `PostgresTextRows` does.
struct PostgresBinaryRows {
    /// How a column's binary value becomes text: the column's (base) type.
    enum Field: UInt8 {
        case bool, int2, int4, int8, float8, numeric, date, timestamp, timestamptz, uuid
        /// text, varchar, bpchar, json: the bytes as they are.
        case text
        /// A version byte (1), then the text.
        case jsonb
    }

    /// Why a COPY message could not be read.
    enum Problem: Error, Equatable {
        /// The stream does not start with the binary COPY signature.
        case header
        /// A tuple holds `found` fields instead of the columns.
        case fieldCount(found: Int)
        /// A tuple or value ends past its message, or a message holds bytes after the trailer.
        case truncated
        /// A value of column `column` (0-based) is not in its type's binary format.
        case value(column: Int)
    }

    let fields: [Field]
    /// Whether the header has been read (it comes first, once per COPY).
    private var headerRead = false
    /// Whether the trailer has been read; no more data may follow.
    private(set) var ended = false
    /// Where each row is built before it is copied into the batch in one piece.
    let row: RowBuffer
    /// Texts of recent days, for date and timestamp values.
    private let dates = DateTexts()
    /// Where `appendTyped` decodes rows.
    let typed: Columns

    /// The decoder for columns of these base type OIDs, or nil when one of them has no binary
    /// decoding here (then the source reads the text format).
    init?(baseTypes: [UInt32]) {
        var fields: [Field] = []
        for oid in baseTypes {
            guard let field = Self.field(forBaseType: oid) else { return nil }
            fields.append(field)
        }
        self.fields = fields
        row = RowBuffer(fields: fields.count)
        typed = Columns(isBytes: fields.map(\.isBytes))
    }

    /// The decoding of a type OID, nil for types without one here. `real` has none: its text is
    /// the shortest digits of the float4, which the engine reads as a double, so they must be
    /// PostgreSQL's own digits to the last one.
    static func field(forBaseType oid: UInt32) -> Field? {
        typealias OID = PostgresTypeMapping.OID
        switch oid {
        case OID.bool: return .bool
        case OID.int2: return .int2
        case OID.int4: return .int4
        case OID.int8: return .int8
        case OID.float8: return .float8
        case OID.numeric: return .numeric
        case OID.date: return .date
        case OID.timestamp: return .timestamp
        case OID.timestamptz: return .timestamptz
        case OID.uuid: return .uuid
        case OID.text, OID.varchar, OID.bpchar, OID.json: return .text
        case OID.jsonb: return .jsonb
        default: return nil
        }
    }

    /// Reads for a new COPY: the header comes again.
    mutating func reset() {
        headerRead = false
        ended = false
        typed.clear()
    }

    /// The binary COPY signature: `PGCOPY\n\377\r\n\0`.
    private static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]

    /// Where the tuples of a CopyData message start: past the header, which the first message
    /// carries (read once per COPY).
    @inline(__always)
    mutating func tuplesStart(_ p: UnsafePointer<UInt8>, _ n: Int) throws(Problem) -> Int {
        guard !headerRead else { return 0 }
        guard n >= 19 else { throw .header }
        for i in 0 ..< 11 where p[i] != Self.signature[i] { throw .header }
        // Flags: bit 16 means each tuple carries an OID, which COPY (query) never sends.
        guard Self.int32(p + 11) & (1 << 16) == 0 else { throw .header }
        let extensionLength = Int(Self.int32(p + 15))
        guard extensionLength >= 0, 19 + extensionLength <= n else { throw .header }
        headerRead = true
        return 19 + extensionLength
    }

    /// Reads the tuple count at `p[at]` (`at` moves past it): the count, or nil for the
    /// trailer (then `ended` is set).
    @inline(__always)
    mutating func tupleFields(_ p: UnsafePointer<UInt8>, at: inout Int, end n: Int) throws(Problem) -> Int? {
        guard !ended, at + 2 <= n else { throw .truncated }
        let count = Int(Self.int16(p + at))
        at += 2
        if count == -1 {
            ended = true
            return nil
        }
        guard count == fields.count else { throw .fieldCount(found: count) }
        return count
    }

    /// Appends the rows of one CopyData message to `batch`, numbering them on from `line`;
    /// `from` skips tuples already taken (by `appendTyped`).
    mutating func append(
        _ message: UnsafeRawBufferPointer, from: Int? = nil, line: inout Int, to batch: inout RawBatch
    ) throws(Problem) {
        guard let base = message.baseAddress else { return }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = message.count
        var at: Int
        if let from { at = from } else { at = try tuplesStart(p, n) }
        while at < n {
            guard try tupleFields(p, at: &at, end: n) != nil else { continue }
            at = try appendTuple(p, from: at, end: n, line: line &+ 1, to: &batch)
            line &+= 1
        }
    }

    /// Appends the tuple whose fields start at `p[from]`; returns where it ends.
    private func appendTuple(
        _ p: UnsafePointer<UInt8>, from: Int, end: Int, line: Int, to batch: inout RawBatch
    ) throws(Problem) -> Int {
        // First pass: check the lengths and bound the text of the row.
        var at = from
        var bound = fields.count
        var c = 0
        while c < fields.count {
            guard at + 4 <= end else { throw .truncated }
            let length = Int(Self.int32(p + at))
            at &+= 4
            if length < 0 {
                bound &+= 2
            } else {
                guard length <= end - at else { throw .truncated }
                bound &+= try Self.textBound(fields[c], p + at, length, column: c)
                at &+= length
            }
            c &+= 1
        }
        let tupleEnd = at

        // Second pass: write the record, then unescaped copies of the fields escaped in it.
        row.reserve(bound)
        let o = row.bytes, starts = row.starts, lengths = row.lengths
        var escapedCount = 0
        var w = 0
        at = from
        c = 0
        while c < fields.count {
            if c > 0 {
                o[w] = 0x09
                w &+= 1
            }
            let length = Int(Self.int32(p + at))
            at &+= 4
            if length < 0 {
                o[w] = 0x5C
                o[w &+ 1] = 0x4E
                starts[c] = Int32(truncatingIfNeeded: w)
                lengths[c] = -1
                w &+= 2
                c &+= 1
                continue
            }
            var value = p + at
            var count = length
            at &+= length
            let start = w
            switch fields[c] {
            case .text, .jsonb:
                if fields[c] == .jsonb {
                    guard count >= 1, value[0] == 1 else { throw .value(column: c) }
                    value += 1
                    count -= 1
                }
                if Self.needsEscape(value, count) {
                    w = Self.writeEscaped(value, count, to: o, at: w)
                    // Until the record is complete, the field remembers where its value is.
                    row.escaped[escapedCount] = (c, value - p, count)
                    escapedCount &+= 1
                } else {
                    w = Self.copy(value, count, to: o, at: w)
                }
            default:
                guard let next = Self.writeText(fields[c], value, count, dates: dates, to: o, at: w) else {
                    throw .value(column: c)
                }
                w = next
            }
            starts[c] = Int32(truncatingIfNeeded: start)
            lengths[c] = Int32(truncatingIfNeeded: w &- start)
            c &+= 1
        }
        let recordEnd = w
        for e in 0 ..< escapedCount {
            let (field, offset, count) = row.escaped[e]
            starts[field] = Int32(truncatingIfNeeded: w)
            lengths[field] = Int32(truncatingIfNeeded: count)
            w = Self.copy(p + offset, count, to: o, at: w)
        }

        let rowStart = batch.storage.count
        batch.storage.append(contentsOf: UnsafeRawBufferPointer(start: o, count: w))
        for k in 0 ..< fields.count { starts[k] &+= Int32(truncatingIfNeeded: rowStart) }
        batch.fieldStart.append(contentsOf: UnsafeBufferPointer(start: starts, count: fields.count))
        batch.fieldLength.append(contentsOf: UnsafeBufferPointer(start: lengths, count: fields.count))
        batch.endRow(line: line, recordStart: rowStart, recordEnd: rowStart &+ recordEnd)
        return tupleEnd
    }

    @inline(__always)
    static func int16(_ p: UnsafePointer<UInt8>) -> Int16 {
        Int16(bigEndian: UnsafeRawPointer(p).loadUnaligned(as: Int16.self))
    }

    @inline(__always)
    static func int32(_ p: UnsafePointer<UInt8>) -> Int32 {
        Int32(bigEndian: UnsafeRawPointer(p).loadUnaligned(as: Int32.self))
    }

    @inline(__always)
    static func int64(_ p: UnsafePointer<UInt8>) -> Int64 {
        Int64(bigEndian: UnsafeRawPointer(p).loadUnaligned(as: Int64.self))
    }

    /// Whether text COPY escapes a byte of `p[0 ..< count]` (`\b \t \n \v \f \r` and backslash):
    /// eight bytes at a time.
    @inline(__always)
    static func needsEscape(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let backslashes: UInt64 = 0x5C5C_5C5C_5C5C_5C5C
        let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        var i = 0
        while i &+ 8 <= count {
            let w = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
            let b = w ^ backslashes
            let low = w & highNibbles
            // Non-zero when some byte is a backslash or below 0x10; then look byte by byte.
            if ((b &- ones) & ~b | (low &- ones) & ~low) & highs != 0 {
                for k in i ..< i &+ 8 where escapeLetter(p[k]) != 0 { return true }
            }
            i &+= 8
        }
        while i < count {
            if escapeLetter(p[i]) != 0 { return true }
            i &+= 1
        }
        return false
    }

    /// The letter text COPY writes after a backslash for `c`, or 0 when `c` is written as it is.
    @inline(__always)
    static func escapeLetter(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x08: 0x62 // b
        case 0x09: 0x74 // t
        case 0x0A: 0x6E // n
        case 0x0B: 0x76 // v
        case 0x0C: 0x66 // f
        case 0x0D: 0x72 // r
        case 0x5C: 0x5C
        default: 0
        }
    }

    @inline(__always)
    static func copy(_ p: UnsafePointer<UInt8>, _ count: Int, to o: UnsafeMutablePointer<UInt8>, at w: Int) -> Int {
        if count > 0 { (o + w).update(from: p, count: count) }
        return w &+ count
    }

    /// Writes `p[0 ..< count]` as text COPY would, with backslash escapes.
    static func writeEscaped(_ p: UnsafePointer<UInt8>, _ count: Int, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        var w = start
        for i in 0 ..< count {
            let c = p[i]
            let letter = escapeLetter(c)
            if letter != 0 {
                o[w] = 0x5C
                o[w &+ 1] = letter
                w &+= 2
            } else {
                o[w] = c
                w &+= 1
            }
        }
        return w
    }
}

/// The memory one row is built in: bytes grown as rows need, and per-field spans. Owned by one
/// `PostgresBinaryRows` (used by one thread at a time) and freed in `deinit`.
final class RowBuffer {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Start in `bytes` and length (-1 for NULL) of each field.
    let starts: UnsafeMutablePointer<Int32>
    let lengths: UnsafeMutablePointer<Int32>
    /// The fields escaped in the record: (field, offset of the value in the message, length).
    var escaped: [(field: Int, at: Int, count: Int)]

    init(fields: Int) {
        capacity = 4096
        bytes = .allocate(capacity: capacity)
        starts = .allocate(capacity: max(fields, 1))
        lengths = .allocate(capacity: max(fields, 1))
        escaped = Array(repeating: (0, 0, 0), count: fields)
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        lengths.deallocate()
    }

    /// Makes room for `count` bytes (the contents need not survive).
    @inline(__always)
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        bytes.deallocate()
        capacity = max(count, capacity * 2)
        bytes = .allocate(capacity: capacity)
    }
}
