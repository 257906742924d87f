/// The record scanner of PostgreSQL's text format (TSV): fields separated by the delimiter (a tab
/// by default), records ending with LF or CRLF, no quoting, and backslash escapes.
///
/// Escapes, as PostgreSQL decodes them: `\b \f \n \r \t \v`, `\` followed by one to three octal
/// digits, `\x` followed by one or two hex digits, and a backslash before any other byte (the
/// delimiter, a backslash, a line break) stands for that byte. NULL markers (default `\N`) are
/// matched against the field as written, before escapes are decoded, so `\\N` is the text `\N`.
/// A record containing a byte that an octal or hex escape produced is checked for valid UTF-8.
struct TSVScanner {
    let delimiter: UInt8
    let nulls: NullMarkers

    /// Scans records from `cursor.pos` up to `end` into `batch`; see `CSVScanner.scan`.
    func scan(
        _ p: UnsafePointer<UInt8>, end: Int, atEOF: Bool, cursor: inout ScanCursor, rows: inout RowBuilder,
        delta: Int, maxRecords: Int, work: inout RecordAssembly, invalid: inout InvalidUTF8Offsets
    ) -> ScanStop {
        let delim = delimiter
        let backslash: UInt8 = 0x5C
        var i = cursor.pos
        var line = cursor.line
        var nextBad = invalid.next
        let delimWord = SWAR.broadcast(delim)
        let lfWord = SWAR.broadcast(UInt8.lf)
        let backslashWord = SWAR.broadcast(backslash)

        while true {
            if let stop = work.stop(before: i, line: line, end: end, atEOF: atEOF, maxRecords: maxRecords, rows: rows, cursor: &cursor) {
                return stop
            }
            var span = work.start(at: i, line: line, delta: delta, rows: rows)
            var problem = RecordProblem.none
            var checkUTF8 = false
            var field = 0
            var next = 0
            var incomplete = false

            record: while true {
                let fieldStart = i
                var escaped = false
                var lastEscaped = -1
                while true {
                    while i + 8 <= end {
                        let w = SWAR.load(p + i)
                        let hit = SWAR.zeroBytes(w ^ delimWord) | SWAR.zeroBytes(w ^ lfWord) | SWAR.zeroBytes(w ^ backslashWord)
                        if hit != 0 {
                            i += hit.trailingZeroBitCount >> 3
                            break
                        }
                        i += 8
                    }
                    if i >= end { break }
                    let c = p[i]
                    if c == delim || c == .lf { break }
                    if c == backslash {
                        escaped = true
                        if i + 1 < end {
                            if p[i + 1] == .lf { line += 1 }
                            lastEscaped = i + 1
                            i += 2
                            continue
                        }
                        if !atEOF {
                            incomplete = true
                            break record
                        }
                        if case .none = problem { problem = .danglingBackslash(field: field) }
                    }
                    i += 1
                }
                let atDelimiter = i < end && p[i] == delim
                if !atDelimiter && i >= end && !atEOF {
                    incomplete = true
                    break record
                }
                var fieldEnd = i
                if !atDelimiter && fieldEnd > fieldStart && p[fieldEnd - 1] == .cr && fieldEnd - 1 != lastEscaped {
                    fieldEnd -= 1
                }
                let length = fieldEnd - fieldStart
                if rows.appendNullOrEmpty(p, start: fieldStart, length: length, delta: delta, nulls: nulls) {
                    // A NULL marker is matched as written, escapes and all (`\N`).
                } else if escaped {
                    work.scratchFields.append(rows.fieldBase + rows.fieldCount)
                    let start = work.scratch.count
                    if TSVScanner.unescape(p, from: fieldStart, to: fieldEnd, into: &work.scratch) {
                        checkUTF8 = true
                    }
                    rows.appendField(start: start, length: work.scratch.count - start)
                } else {
                    rows.appendField(start: fieldStart + delta, length: length)
                }
                if atDelimiter {
                    i += 1
                    field += 1
                    continue record
                }
                span.end = fieldEnd
                (next, line) = i < end ? (i + 1, line + 1) : (i, line)
                break record
            }

            guard work.end(p, span, next: next, incomplete: incomplete, fieldCount: field + 1,
                           problem: problem, checkUTF8: checkUTF8, rows: &rows, invalid: &invalid, nextBad: &nextBad, cursor: &cursor)
            else { return .needMore }
            i = next
        }
    }

    /// Appends field `p[from ..< to]` with its backslash escapes decoded; returns whether an
    /// octal or hex escape produced a byte of 0x80 or above (which needs a UTF-8 check).
    static func unescape(_ p: UnsafePointer<UInt8>, from: Int, to: Int, into out: inout [UInt8]) -> Bool {
        var highByte = false
        var k = from
        while k < to {
            let c = p[k]
            k += 1
            guard c == 0x5C, k < to else {
                out.append(c)
                continue
            }
            let e = p[k]
            k += 1
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(e - 0x30)
                var digits = 1
                while digits < 3 && k < to && p[k] >= 0x30 && p[k] <= 0x37 {
                    value = value * 8 + Int(p[k] - 0x30)
                    k += 1
                    digits += 1
                }
                let byte = UInt8(truncatingIfNeeded: value)
                if byte >= 0x80 { highByte = true }
                out.append(byte)
            case UInt8(ascii: "x"):
                guard k < to, let first = p[k].hexDigitValue else {
                    out.append(e)
                    continue
                }
                var value = first
                k += 1
                if k < to, let second = p[k].hexDigitValue {
                    value = value << 4 | second
                    k += 1
                }
                if value >= 0x80 { highByte = true }
                out.append(value)
            default:
                out.append(e)
            }
        }
        return highByte
    }
}
