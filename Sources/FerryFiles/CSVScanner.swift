/// The RFC 4180 record scanner: turns the complete records in a scan buffer into `RawBatch`
/// rows, in one flat loop over the bytes.
///
/// - Records end with LF or CRLF; a CR elsewhere is data (quoted or not).
/// - A field that starts with the quote is quoted: it may hold delimiters, line breaks and the
///   quote as a doubled quote (or, with a separate escape character, escaped quotes and escapes;
///   the escape before any other byte is a literal). After the closing quote only a delimiter,
///   a line end or the end of the input may follow; anything else rejects the record.
/// - A quote inside an unquoted field is kept as it is.
/// - NULL markers match unquoted fields only: `a,,b` has a NULL, `a,"",b` an empty string.
/// - A completely empty line is a record of one empty field: a NULL row when the file has one
///   column (as in PostgreSQL), a record with the wrong number of fields otherwise.
///
/// Unquoted fields, and quoted fields without escapes, are spans of the buffer (which the reader
/// copies into `storage`); only fields with doubled or escaped quotes are unescaped into scratch.
struct CSVScanner {
    let delimiter: UInt8
    let quote: UInt8
    /// The escape inside quoted fields; equal to `quote` for RFC 4180 doubling.
    let escape: UInt8
    let nulls: NullMarkers

    /// Scans records from `cursor.pos` up to `end` into `rows` until `maxRecords` records (rows
    /// plus `work.rejected`) are reached, the buffer ends inside a record (unless `atEOF`), or the
    /// input ends. Unquoted fields and quoted content are searched eight bytes at a time (SWAR).
    ///
    /// `delta` turns buffer offsets into `storage` offsets (the reader appends the scanned bytes
    /// to `storage` afterwards). Records that contain an offset of `invalid` are checked field by
    /// field and rejected when a field is not valid UTF-8.
    func scan(
        _ p: UnsafePointer<UInt8>, end: Int, atEOF: Bool, cursor: inout ScanCursor, rows: inout RowBuilder,
        delta: Int, maxRecords: Int, work: inout RecordAssembly, invalid: inout InvalidUTF8Offsets
    ) -> ScanStop {
        let delim = delimiter
        let q = quote
        let esc = escape
        let doubling = esc == q
        var i = cursor.pos
        var line = cursor.line
        var nextBad = invalid.next
        let delimWord = SWAR.broadcast(delim)
        let quoteWord = SWAR.broadcast(q)
        let escapeWord = SWAR.broadcast(esc)
        let lfWord = SWAR.broadcast(UInt8.lf)

        while true {
            if let stop = work.stop(before: i, line: line, end: end, atEOF: atEOF, maxRecords: maxRecords, rows: rows, cursor: &cursor) {
                return stop
            }
            var span = work.start(at: i, line: line, delta: delta, rows: rows)
            var problem = RecordProblem.none
            var field = 0
            var next = 0
            var incomplete = false

            record: while true {
                if i < end && p[i] == q {
                    // Quoted field.
                    let openLine = line
                    i += 1
                    let contentStart = i
                    var unescape = false
                    var closed = false
                    while true {
                        while i + 8 <= end {
                            let w = SWAR.load(p + i)
                            let hit = SWAR.zeroBytes(w ^ quoteWord) | SWAR.zeroBytes(w ^ escapeWord) | SWAR.zeroBytes(w ^ lfWord)
                            if hit != 0 {
                                i += hit.trailingZeroBitCount >> 3
                                break
                            }
                            i += 8
                        }
                        if i >= end { break }
                        let c = p[i]
                        if c == q {
                            if doubling {
                                if i + 1 < end {
                                    if p[i + 1] == q {
                                        unescape = true
                                        i += 2
                                        continue
                                    }
                                } else if !atEOF {
                                    break
                                }
                            }
                            closed = true
                            break
                        }
                        if c == esc {
                            if i + 1 < end {
                                let d = p[i + 1]
                                if d == q || d == esc {
                                    unescape = true
                                    i += 2
                                    continue
                                }
                            } else if !atEOF {
                                break
                            }
                        } else if c == .lf {
                            line += 1
                        }
                        i += 1
                    }
                    if !closed {
                        if !atEOF {
                            incomplete = true
                            break record
                        }
                        problem = .unterminatedQuote(line: openLine, field: field)
                        i = end
                        span.end = end
                        if span.end > span.start && p[span.end - 1] == .lf { span.end -= 1 }
                        if span.end > span.start && p[span.end - 1] == .cr { span.end -= 1 }
                        next = end
                        break record
                    }
                    let contentEnd = i
                    i += 1
                    if unescape {
                        work.scratchFields.append(rows.fieldBase + rows.fieldCount)
                        let start = work.scratch.count
                        CSVScanner.unescape(p, from: contentStart, to: contentEnd, quote: q, escape: esc, into: &work.scratch)
                        rows.appendField(start: start, length: work.scratch.count - start)
                    } else {
                        rows.appendField(start: contentStart + delta, length: contentEnd - contentStart)
                    }
                    if i >= end {
                        if !atEOF {
                            incomplete = true
                            break record
                        }
                        span.end = i
                        next = i
                        break record
                    }
                    let c = p[i]
                    if c == delim {
                        i += 1
                        field += 1
                        continue record
                    }
                    if c == .lf {
                        span.end = i
                        next = i + 1
                        line += 1
                        break record
                    }
                    if c == .cr {
                        if i + 1 < end {
                            if p[i + 1] == .lf {
                                span.end = i
                                next = i + 2
                                line += 1
                                break record
                            }
                        } else if !atEOF {
                            incomplete = true
                            break record
                        } else {
                            span.end = i
                            next = i + 1
                            break record
                        }
                    }
                    // Text after the closing quote: reject the record, skip the rest of the field.
                    if case .none = problem { problem = .textAfterQuote(field: field) }
                    while i < end {
                        let c2 = p[i]
                        if c2 == delim || c2 == .lf { break }
                        i += 1
                    }
                    if i < end && p[i] == delim {
                        i += 1
                        field += 1
                        continue record
                    }
                    if i >= end && !atEOF {
                        incomplete = true
                        break record
                    }
                    span.end = i
                    if span.end > span.start && p[span.end - 1] == .cr { span.end -= 1 }
                    (next, line) = i < end ? (i + 1, line + 1) : (i, line)
                    break record
                }

                // Unquoted field.
                let fieldStart = i
                while i + 8 <= end {
                    let w = SWAR.load(p + i)
                    let hit = SWAR.zeroBytes(w ^ delimWord) | SWAR.zeroBytes(w ^ lfWord)
                    if hit != 0 {
                        i += hit.trailingZeroBitCount >> 3
                        break
                    }
                    i += 8
                }
                while i < end {
                    let c = p[i]
                    if c == delim || c == .lf { break }
                    i += 1
                }
                let atDelimiter = i < end && p[i] == delim
                if !atDelimiter && i >= end && !atEOF {
                    incomplete = true
                    break record
                }
                var fieldEnd = i
                if !atDelimiter && fieldEnd > fieldStart && p[fieldEnd - 1] == .cr { fieldEnd -= 1 }
                let length = fieldEnd - fieldStart
                if !rows.appendNullOrEmpty(p, start: fieldStart, length: length, delta: delta, nulls: nulls) {
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
                           problem: problem, checkUTF8: false, rows: &rows, invalid: &invalid, nextBad: &nextBad, cursor: &cursor)
            else { return .needMore }
            i = next
        }
    }

    /// Appends quoted content `p[from ..< to]` with escaped quotes and escapes decoded.
    static func unescape(
        _ p: UnsafePointer<UInt8>, from: Int, to: Int, quote: UInt8, escape: UInt8, into out: inout [UInt8]
    ) {
        var k = from
        while k < to {
            let c = p[k]
            if c == escape && k + 1 < to && (p[k + 1] == quote || p[k + 1] == escape) {
                out.append(p[k + 1])
                k += 2
            } else {
                out.append(c)
                k += 1
            }
        }
    }
}
