import FerryCore

/// Splits rows of PostgreSQL's COPY text format into `RawBatch` fields.
///
/// Each row, as `PQgetCopyData` hands it over (one row ending in `\n`), is copied once into the
/// batch's storage as its record; fields without a backslash are spans of that copy. Fields are
/// separated by tabs, `\N` is NULL, and a field with backslash escapes (`\\ \t \n \r \b \f \v`,
/// octal `\ooo`, hex `\xhh`, any other `\c` meaning `c`) is decoded after the record, so the
/// record span keeps the raw COPY line for the reject file. COPY never writes a raw tab or line
/// feed inside a value, so the scan only looks for tabs and backslashes.
struct PostgresTextRows {
    /// Fields each row must have.
    let columnCount: Int

    init(columnCount: Int) {
        self.columnCount = columnCount
    }

    /// Why a COPY line could not be split.
    enum Problem: Error, Equatable {
        /// The line holds `found` fields instead of `columnCount`.
        case fieldCount(found: Int)
        /// The line does not end in `\n`.
        case unterminated
    }

    /// Appends one COPY text row (`bytes`, ending in `\n`) as a row of `batch` with `line`.
    ///
    /// The hot loop: one flat scan of the row for tabs and backslashes, eight bytes at a time,
    /// with no closures; escaped fields (rare) are decoded out of line.
    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer, line: Int, to batch: inout RawBatch) throws(Problem) {
        guard let base = bytes.baseAddress, bytes.count > 0,
              bytes[bytes.count - 1] == 0x0A else { throw .unterminated }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count - 1
        let recordStart = batch.storage.count
        batch.storage.append(contentsOf: UnsafeRawBufferPointer(start: base, count: end))
        let fieldsBefore = batch.fieldStart.count

        var fieldBegin = 0
        var escaped = false
        var i = 0
        // Eight bytes at a time: skip words holding neither a tab nor a backslash.
        let tabs: UInt64 = 0x0909_0909_0909_0909
        let backslashes: UInt64 = 0x5C5C_5C5C_5C5C_5C5C
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i < end {
            if i &+ 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                let t = word ^ tabs
                let b = word ^ backslashes
                // The lowest flagged byte is the first tab or backslash (higher flags may be false).
                let hit = ((t &- ones) & ~t | (b &- ones) & ~b) & highs
                if hit == 0 {
                    i &+= 8
                    continue
                }
                i &+= hit.trailingZeroBitCount &>> 3
            }
            let c = p[i]
            if c == 0x09 {
                if escaped {
                    Self.appendEscaped(p, from: fieldBegin, to: i, recordStart: recordStart, to: &batch)
                } else {
                    batch.appendField(start: recordStart &+ fieldBegin, length: i &- fieldBegin)
                }
                fieldBegin = i &+ 1
                escaped = false
            } else if c == 0x5C {
                escaped = true
            }
            i &+= 1
        }
        if escaped {
            Self.appendEscaped(p, from: fieldBegin, to: end, recordStart: recordStart, to: &batch)
        } else {
            batch.appendField(start: recordStart &+ fieldBegin, length: end &- fieldBegin)
        }
        let found = batch.fieldStart.count &- fieldsBefore
        guard found == columnCount else {
            batch.discardOpenRow()
            batch.storage.removeSubrange(recordStart...)
            throw .fieldCount(found: found)
        }
        batch.endRow(line: line, recordStart: recordStart, recordEnd: recordStart &+ end)
    }

    /// Appends the field `p[from ..< to]`, which holds a backslash: NULL for exactly `\N`, else
    /// its decoded bytes, added to `storage` after the record.
    @inline(never)
    private static func appendEscaped(
        _ p: UnsafePointer<UInt8>, from: Int, to: Int, recordStart: Int, to batch: inout RawBatch
    ) {
        if to - from == 2, p[from] == 0x5C, p[from + 1] == 0x4E {
            batch.appendField(start: recordStart + from, length: -1)
            return
        }
        let start = batch.storage.count
        var i = from
        while i < to {
            let c = p[i]
            i += 1
            guard c == 0x5C, i < to else {
                batch.storage.append(c)
                continue
            }
            let e = p[i]
            i += 1
            switch e {
            case 0x62: batch.storage.append(0x08) // \b
            case 0x66: batch.storage.append(0x0C) // \f
            case 0x6E: batch.storage.append(0x0A) // \n
            case 0x72: batch.storage.append(0x0D) // \r
            case 0x74: batch.storage.append(0x09) // \t
            case 0x76: batch.storage.append(0x0B) // \v
            case 0x30...0x37:
                // Up to three octal digits; PostgreSQL keeps the low eight bits.
                var value = Int(e - 0x30)
                var digits = 1
                while digits < 3, i < to, p[i] >= 0x30, p[i] <= 0x37 {
                    value = value * 8 + Int(p[i] - 0x30)
                    i += 1
                    digits += 1
                }
                batch.storage.append(UInt8(truncatingIfNeeded: value))
            case 0x78 where i < to && hexValue(p[i]) != nil:
                // `\x` and one or two hex digits; `\x` without one is a plain `x`.
                var value = hexValue(p[i]) ?? 0
                i += 1
                if i < to, let low = hexValue(p[i]) {
                    value = value * 16 + low
                    i += 1
                }
                batch.storage.append(UInt8(truncatingIfNeeded: value))
            default:
                batch.storage.append(e) // \\ and any other escaped byte stand for themselves
            }
        }
        batch.appendField(start: start, length: batch.storage.count - start)
    }

    private static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: Int(c - 0x30)
        case 0x41...0x46: Int(c - 0x41 + 10)
        case 0x61...0x66: Int(c - 0x61 + 10)
        default: nil
        }
    }
}
