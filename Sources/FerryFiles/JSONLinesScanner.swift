import FerryCore

/// The fast path of `JSONLinesReader`: scans the lines of a buffer that are one flat JSON object
/// with the same keys, in the same order and spelled with the same bytes, as the last line the
/// general path (`JSONParser`) accepted, straight into `RowBuilder` spans, without allocating.
///
/// The remembered key order is checked with byte compares as each line is scanned. String
/// values without a backslash, numbers and `true`/`false` are spans of the line (which the reader
/// copies into `storage` with the rest of the buffer); strings with escapes are unescaped into
/// the batch's scratch, and nested objects and arrays are parsed and written compactly into it,
/// as the general path does. Anything else stops the scan at that line (`.general`): another key
/// order, a missing, extra or escaped key, invalid UTF-8, or any syntax the general path rejects;
/// the fast path accepts a line only when the general path would produce the same fields.
///
/// Noncopyable: it owns its allocations and frees them in `deinit`.
struct JSONLinesScanner: ~Copyable {
    /// Why `scan` stopped.
    enum Stop {
        /// The batch holds the requested number of records.
        case full
        /// The buffer ends inside a line: compact, read more and scan again.
        case needMore
        /// The input is exhausted.
        case end
        /// The line at `start ..< end` (without its line end) needs the general path; the cursor
        /// is already past it.
        case general(start: Int, end: Int, line: Int)
    }

    /// The remembered keys: their bytes back to back, each one's end offset, and its column.
    private var keyBytes: UnsafeMutablePointer<UInt8>
    private var keyByteCapacity = 256
    private var keyEnd: UnsafeMutablePointer<Int>
    private var keyColumn: UnsafeMutablePointer<Int>
    private var keyCapacity = 16
    /// Number of remembered keys, or -1 while there is no key order to follow.
    private(set) var keyCount = -1
    /// Lines taken by the fast path so far (tests check that it runs).
    private(set) var fastLines = 0
    /// The current line's field spans by column; `slotScratch` marks starts in the scratch.
    private var slotStart: UnsafeMutablePointer<Int32>
    private var slotLength: UnsafeMutablePointer<Int32>
    private var slotScratch: UnsafeMutablePointer<Bool>
    private var slotCapacity = 16

    /// Nested values deeper than this go to the general path, which has the depth limit.
    private static let maxNestedDepth = 200

    init() {
        keyBytes = .allocate(capacity: keyByteCapacity)
        keyEnd = .allocate(capacity: keyCapacity)
        keyColumn = .allocate(capacity: keyCapacity)
        slotStart = .allocate(capacity: slotCapacity)
        slotLength = .allocate(capacity: slotCapacity)
        slotScratch = .allocate(capacity: slotCapacity)
    }

    deinit {
        keyBytes.deallocate()
        keyEnd.deallocate()
        keyColumn.deallocate()
        slotStart.deallocate()
        slotLength.deallocate()
        slotScratch.deallocate()
    }

    /// Forgets the key order (the columns changed meaning).
    mutating func forget() { keyCount = -1 }

    /// Remembers the keys of a line the general path accepted, and their columns. A key with a
    /// quote, a backslash or a control character is not written as its bytes, so a set with one
    /// is not remembered.
    mutating func learn(_ keys: [String], columns: [Int]) {
        keyCount = -1
        var total = 0
        for key in keys {
            for b in key.utf8 where b == 0x22 || b == 0x5C || b < 0x20 { return }
            total += key.utf8.count
        }
        if total > keyByteCapacity {
            keyBytes.deallocate()
            keyByteCapacity = max(total, keyByteCapacity * 2)
            keyBytes = .allocate(capacity: keyByteCapacity)
        }
        if keys.count > keyCapacity {
            keyEnd.deallocate()
            keyColumn.deallocate()
            keyCapacity = max(keys.count, keyCapacity * 2)
            keyEnd = .allocate(capacity: keyCapacity)
            keyColumn = .allocate(capacity: keyCapacity)
        }
        var offset = 0
        for (k, key) in keys.enumerated() {
            for b in key.utf8 {
                keyBytes[offset] = b
                offset += 1
            }
            keyEnd[k] = offset
            keyColumn[k] = columns[k]
        }
        keyCount = keys.count
    }

    private mutating func reserveSlots(_ count: Int) {
        guard count > slotCapacity else { return }
        slotStart.deallocate()
        slotLength.deallocate()
        slotScratch.deallocate()
        slotCapacity = max(count, slotCapacity * 2)
        slotStart = .allocate(capacity: slotCapacity)
        slotLength = .allocate(capacity: slotCapacity)
        slotScratch = .allocate(capacity: slotCapacity)
    }

    /// Scans lines from `cursor.pos` up to `end` into `rows` (each with `columnCount` fields)
    /// until `maxRecords` records (rows plus `work.rejected`) are reached, the buffer ends inside
    /// a line (unless `atEOF`), the input ends, or a line needs the general path. Blank lines are
    /// skipped. `delta` turns buffer offsets into `storage` offsets; a line holding an offset of
    /// `invalid` goes to the general path, which reports it.
    mutating func scan(
        _ p: UnsafePointer<UInt8>, end: Int, atEOF: Bool, cursor: inout ScanCursor, columnCount: Int,
        rows: inout RowBuilder, delta: Int, maxRecords: Int, work: inout RecordAssembly, invalid: inout InvalidUTF8Offsets
    ) -> Stop {
        reserveSlots(columnCount)
        let lfWord = SWAR.broadcast(0x0A)
        var i = cursor.pos
        var line = cursor.line
        while i < end && rows.rowCount + work.rejected.count < maxRecords {
            var j = i
            while j + 8 <= end {
                let hit = SWAR.zeroBytes(SWAR.load(p + j) ^ lfWord)
                if hit != 0 {
                    j += hit.trailingZeroBitCount >> 3
                    break
                }
                j += 8
            }
            while j < end && p[j] != 0x0A { j += 1 }
            if j >= end && !atEOF {
                cursor = ScanCursor(pos: i, line: line)
                return .needMore
            }
            let lineStart = i
            let lineNumber = line
            var lineEnd = j
            i = j < end ? j + 1 : j
            line += 1
            if lineEnd > lineStart && p[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            var k = lineStart
            while k < lineEnd && (p[k] == 0x20 || p[k] == 0x09 || p[k] == 0x0D) { k += 1 }
            if k == lineEnd { continue }
            let valid = invalid.next >= lineEnd
            invalid.pass(i)
            if valid && keyCount >= 0 {
                let scratchBefore = work.scratch.count
                if match(p, from: k, to: lineEnd, delta: delta, columnCount: columnCount, scratch: &work.scratch) {
                    var c = 0
                    while c < columnCount {
                        if slotScratch[c] { work.scratchFields.append(rows.fieldBase + rows.fieldCount) }
                        rows.appendField(start: Int(slotStart[c]), length: Int(slotLength[c]))
                        c += 1
                    }
                    rows.endRow(line: lineNumber, recordStart: lineStart + delta, recordEnd: lineEnd + delta)
                    fastLines &+= 1
                    continue
                }
                work.scratch.removeSubrange(scratchBefore...)
            }
            cursor = ScanCursor(pos: i, line: line)
            return .general(start: lineStart, end: lineEnd, line: lineNumber)
        }
        cursor = ScanCursor(pos: i, line: line)
        if i < end { return .full }
        return atEOF ? .end : .needMore
    }

    /// Parses the object at `p[i ..< end]` (no leading whitespace) with the remembered keys into
    /// the slots; false when the line is anything else.
    private func match(
        _ p: UnsafePointer<UInt8>, from start: Int, to end: Int, delta: Int, columnCount: Int, scratch: inout [UInt8]
    ) -> Bool {
        var c = 0
        while c < columnCount {
            slotLength[c] = -1
            slotScratch[c] = false
            c += 1
        }
        var i = start
        guard p[i] == 0x7B else { return false }                      // {
        i += 1
        if keyCount == 0 {
            Self.skipSpace(p, &i, end)
            guard i < end && p[i] == 0x7D else { return false }        // }
            i += 1
        }
        var keyStart = 0
        var k = 0
        while k < keyCount {
            Self.skipSpace(p, &i, end)
            let length = keyEnd[k] - keyStart
            guard i + length + 2 <= end, p[i] == 0x22, p[i + length + 1] == 0x22 else { return false }
            var b = 0
            while b < length {
                if p[i + 1 + b] != keyBytes[keyStart + b] { return false }
                b += 1
            }
            i += length + 2
            keyStart = keyEnd[k]
            Self.skipSpace(p, &i, end)
            guard i < end && p[i] == 0x3A else { return false }        // :
            i += 1
            Self.skipSpace(p, &i, end)
            guard i < end else { return false }
            let column = keyColumn[k]
            let first = p[i]
            if first == 0x22 {                                         // "
                i += 1
                let contentStart = i
                guard let stop = Self.stringStop(p, i, end) else { return false }
                i = stop
                if p[i] == 0x22 {
                    slotStart[column] = Int32(truncatingIfNeeded: contentStart + delta)
                    slotLength[column] = Int32(truncatingIfNeeded: i - contentStart)
                    i += 1
                } else if p[i] == 0x5C {                               // backslash
                    let outStart = scratch.count
                    scratch.append(contentsOf: UnsafeBufferPointer(start: p + contentStart, count: i - contentStart))
                    guard JSONStringEscapes.unescape(p, &i, end, into: &scratch) else { return false }
                    slotStart[column] = Int32(truncatingIfNeeded: outStart)
                    slotLength[column] = Int32(truncatingIfNeeded: scratch.count - outStart)
                    slotScratch[column] = true
                } else {
                    return false                                       // a control character
                }
            } else if first == 0x74 {                                  // true
                guard i + 4 <= end, p[i + 1] == 0x72, p[i + 2] == 0x75, p[i + 3] == 0x65 else { return false }
                slotStart[column] = Int32(truncatingIfNeeded: i + delta)
                slotLength[column] = 4
                i += 4
            } else if first == 0x66 {                                  // false
                guard i + 5 <= end, p[i + 1] == 0x61, p[i + 2] == 0x6C, p[i + 3] == 0x73, p[i + 4] == 0x65 else { return false }
                slotStart[column] = Int32(truncatingIfNeeded: i + delta)
                slotLength[column] = 5
                i += 5
            } else if first == 0x6E {                                  // null
                guard i + 4 <= end, p[i + 1] == 0x75, p[i + 2] == 0x6C, p[i + 3] == 0x6C else { return false }
                i += 4
            } else if first == 0x2D || (first >= 0x30 && first <= 0x39) {
                let numberStart = i
                guard Self.number(p, &i, end) else { return false }
                slotStart[column] = Int32(truncatingIfNeeded: numberStart + delta)
                slotLength[column] = Int32(truncatingIfNeeded: i - numberStart)
            } else if first == 0x7B || first == 0x5B {                 // { or [
                guard let close = Self.nestedEnd(p, i, end) else { return false }
                let value: JSONValue
                do {
                    value = try JSONParser.parse(UnsafeBufferPointer(start: p + i, count: close - i))
                } catch {
                    return false
                }
                let outStart = scratch.count
                value.write(into: &scratch)
                slotStart[column] = Int32(truncatingIfNeeded: outStart)
                slotLength[column] = Int32(truncatingIfNeeded: scratch.count - outStart)
                slotScratch[column] = true
                i = close
            } else {
                return false
            }
            Self.skipSpace(p, &i, end)
            guard i < end && p[i] == (k + 1 < keyCount ? 0x2C : 0x7D) else { return false }   // , or }
            i += 1
            k += 1
        }
        Self.skipSpace(p, &i, end)
        return i == end
    }

    /// Skips JSON whitespace (a line holds no LF).
    @inline(__always)
    private static func skipSpace(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int) {
        while i < end {
            let c = p[i]
            guard c == 0x20 || c == 0x09 || c == 0x0D else { return }
            i += 1
        }
    }

    /// The offset of the first quote, backslash or control character from `i`, eight bytes at a
    /// time; nil when the line ends first.
    @inline(__always)
    private static func stringStop(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let quoteWord = SWAR.broadcast(0x22)
        let backslashWord = SWAR.broadcast(0x5C)
        let spaceWord = SWAR.broadcast(0x20)
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = start
        while i + 8 <= end {
            let w = SWAR.load(p + i)
            // Bytes below 0x20 set their high bit in (w - 0x20..) & ~w; as with `zeroBytes`, only
            // the lowest flagged byte is exact, which is the one taken.
            let hit = SWAR.zeroBytes(w ^ quoteWord) | SWAR.zeroBytes(w ^ backslashWord) | ((w &- spaceWord) & ~w & highs)
            if hit != 0 { return i + hit.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end {
            let c = p[i]
            if c == 0x22 || c == 0x5C || c < 0x20 { return i }
            i += 1
        }
        return nil
    }

    /// Moves past a number with the grammar `JSONParser` accepts; false when it is not one.
    @inline(__always)
    private static func number(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int) -> Bool {
        if p[i] == 0x2D { i += 1 }
        guard i < end && isDigit(p[i]) else { return false }
        if p[i] == 0x30 {
            i += 1
            if i < end && isDigit(p[i]) { return false }
        } else {
            while i < end && isDigit(p[i]) { i += 1 }
        }
        if i < end && p[i] == 0x2E {
            i += 1
            guard i < end && isDigit(p[i]) else { return false }
            while i < end && isDigit(p[i]) { i += 1 }
        }
        if i < end && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            if i < end && (p[i] == 0x2B || p[i] == 0x2D) { i += 1 }
            guard i < end && isDigit(p[i]) else { return false }
            while i < end && isDigit(p[i]) { i += 1 }
        }
        return true
    }

    @inline(__always)
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The offset after the bracket that closes the object or array at `i` (skipping strings),
    /// or nil when the line ends first or it nests deeper than `maxNestedDepth`. Only finds the
    /// extent: `JSONParser` validates it.
    private static func nestedEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var depth = 0
        var i = start
        while i < end {
            let c = p[i]
            if c == 0x22 {
                i += 1
                while i < end && p[i] != 0x22 {
                    i += p[i] == 0x5C ? 2 : 1
                }
            } else if c == 0x7B || c == 0x5B {
                depth += 1
                if depth > maxNestedDepth { return nil }
            } else if c == 0x7D || c == 0x5D {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return nil
    }
}
