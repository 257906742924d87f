import FerryCore

/// Binary COPY tuples straight into typed column vectors (`SourceChunk.typed`,
/// Docs/decisions/0008-typed-source-chunks.md): each value in the storage and canonical form the
/// Typist would store for the text `append` makes of it, so an export need not print and
/// re-parse every value.
///
/// bool → 0/1; int2/int4/int8 → Int64; float8 → its Double (NaN and infinities too: the engine's
/// typed passage sends a chunk holding one down the text path); numeric → the `numeric_out`
/// digits (NaN and infinities too, likewise); date → days since 1970; timestamp and timestamptz
/// → microseconds since 1970 (UTC); uuid → lowercase 8-4-4-4-12; text types and json → the
/// bytes; jsonb → the bytes after its version byte.
///
/// A date or timestamp the Typist would not take from its text (infinity, or a year outside
/// 1 to 9999, printed with ` BC` or five digits) cannot be typed here: `appendTyped` stops before
/// its tuple and says where it starts, and the caller reads that tuple as text (`append(_:from:)`),
/// so such rows are rejected exactly as before.
extension PostgresBinaryRows {
    /// 0001-01-01 and 9999-12-31 as days since 1970: the dates the Typist reads.
    /// Literals (`CivilDate.days` gives them; a test checks): a static computed by a call is
    /// initialised lazily and checked on every use in the decoding loop.
    static let firstTypedDay: Int64 = -719_162
    static let lastTypedDay: Int64 = 2_932_896
    /// Microseconds between 1970-01-01 and PostgreSQL's epoch, 2000-01-01 (`epochDays` days).
    static let epochMicros: Int64 = 946_684_800_000_000

    /// Decodes the rows of one CopyData message into `typed` (`Columns`, moved into a
    /// `TypedBatch` of the column types `PostgresTypeMapping.column` gives with
    /// `typed.batch(_:lines:)`), numbering them on from `line` into `lines`. Returns nil when every
    /// tuple was taken, or the offset of the first one holding a date or timestamp that cannot
    /// be typed (nothing of it taken); the caller reads the rest with `append(_:from:)`.
    mutating func appendTyped(_ message: UnsafeRawBufferPointer, line: inout Int, lines: inout [Int]) throws(Problem) -> Int? {
        guard let base = message.baseAddress else { return nil }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = message.count
        var at = try tuplesStart(p, n)
        while at < n {
            let tuple = at
            guard try tupleFields(p, at: &at, end: n) != nil else { continue }
            guard let end = try appendTypedTuple(p, from: at, end: n) else {
                // The trailer was not read: the tuple count comes again in `append`.
                return tuple
            }
            line &+= 1
            lines.append(line)
            at = end
        }
        return nil
    }

    /// Decodes the tuple whose fields start at `p[from]` into a new row of `typed`, checking
    /// each length on the way (one pass): where the tuple ends, or nil, with the row taken back,
    /// when a date or timestamp in it lies outside what the Typist takes.
    @inline(__always)
    private func appendTypedTuple(_ p: UnsafePointer<UInt8>, from: Int, end n: Int) throws(Problem) -> Int? {
        let typed = typed
        let r = typed.addRow()
        var at = from
        var c = 0
        while c < fields.count {
            guard at &+ 4 <= n else { throw .truncated }
            let length = Int(Self.int32(p + at))
            at &+= 4
            let field = fields[c]
            if length < 0 {
                typed.setNull(c, r)
                c &+= 1
                continue
            }
            guard length <= n &- at else { throw .truncated }
            let value = p + at
            at &+= length
            switch field {
            case .bool:
                guard length == 1 else { throw .value(column: c) }
                typed.set(c, r, word: value[0] != 0 ? 1 : 0)
            case .int2:
                guard length == 2 else { throw .value(column: c) }
                typed.set(c, r, word: UInt64(bitPattern: Int64(Self.int16(value))))
            case .int4:
                guard length == 4 else { throw .value(column: c) }
                typed.set(c, r, word: UInt64(bitPattern: Int64(Self.int32(value))))
            case .int8, .float8:
                guard length == 8 else { throw .value(column: c) }
                typed.set(c, r, word: UInt64(bitPattern: Self.int64(value)))
            case .date:
                guard length == 4 else { throw .value(column: c) }
                let days = Int64(Self.int32(value)) &+ Int64(Self.epochDays)
                guard days >= Self.firstTypedDay, days <= Self.lastTypedDay else {
                    typed.removeLastRow()
                    return nil
                }
                typed.set(c, r, word: UInt64(bitPattern: days))
            case .timestamp, .timestamptz:
                guard length == 8 else { throw .value(column: c) }
                let micros = Self.int64(value)
                // ±infinity are Int64.min/max.
                let days = (micros >= 0 ? micros : micros &- Self.microsPerDay &+ 1) / Self.microsPerDay &+ Int64(Self.epochDays)
                guard micros != .min, micros != .max, days >= Self.firstTypedDay, days <= Self.lastTypedDay else {
                    typed.removeLastRow()
                    return nil
                }
                typed.set(c, r, word: UInt64(bitPattern: micros &+ Self.epochMicros))
            case .text:
                if length > 0 { typed.room(c, length).update(from: value, count: length) }
                typed.endBytes(c, r, count: length)
            case .jsonb:
                guard length >= 1, value[0] == 1 else { throw .value(column: c) }
                if length > 1 { typed.room(c, length &- 1).update(from: value + 1, count: length &- 1) }
                typed.endBytes(c, r, count: length &- 1)
            case .uuid:
                guard length == 16 else { throw .value(column: c) }
                let end = Self.writeUUID(value, to: typed.room(c, 36), at: 0)
                typed.endBytes(c, r, count: end)
            case .numeric:
                guard length >= 8 else { throw .value(column: c) }
                let weight = Int(Self.int16(value + 2))
                let scale = Int(Self.int16(value + 6))
                let room = typed.room(c, 16 + max(weight + 1, 1) * 4 + max(scale, 0))
                guard let end = Self.writeNumeric(value, length, to: room, at: 0) else { throw .value(column: c) }
                typed.endBytes(c, r, count: end)
            }
            c &+= 1
        }
        return at
    }
}
