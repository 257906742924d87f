import FerryCore

/// JSON string literals of whole bytes columns for `JSONLinesEncoder`, written through a pointer
/// into room reserved once per column: a value without a byte to escape (the common case, found
/// eight bytes at a time, first over the whole column and then per value) is copied as it is
/// between quotes; the others are escaped byte by byte (`writeEscaped`, which
/// `JSONLinesEncoder.appendEscaped` also writes with).
enum JSONStringColumn {
    /// Whether the `count` bytes at `p` hold one that a JSON string escapes: `"`, `\`, a control
    /// character (below 0x20) or DEL.
    @inline(__always)
    static func needsEscape(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let quote = SWAR.broadcast(0x22), backslash = SWAR.broadcast(0x5C), del = SWAR.broadcast(0x7F)
        // A byte below 0x20 has its top three bits clear.
        let top3: UInt64 = 0xE0E0_E0E0_E0E0_E0E0
        var i = 0
        while i &+ 8 <= count {
            let w = SWAR.load(p + i)
            if SWAR.zeroBytes(w ^ quote) | SWAR.zeroBytes(w ^ backslash) | SWAR.zeroBytes(w ^ del) | SWAR.zeroBytes(w & top3) != 0 {
                return true
            }
            i &+= 8
        }
        while i < count {
            let c = p[i]
            if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F { return true }
            i &+= 1
        }
        return false
    }

    /// Appends rows `rows` of the bytes column `vector` to `bytes`, each as a JSON string of its
    /// bytes (`null` for NULL), or, with `bareNumbers`, as it is where it is a JSON number of the
    /// canonical decimal form (`JSONLinesEncoder.isJSONNumber`), and where each ends to `ends`.
    static func append(_ vector: ColumnVector, rows: Range<Int>, bareNumbers: Bool, to bytes: inout [UInt8], ends: inout [Int32]) {
        let count = rows.count
        guard count > 0 else { return }
        let first = vector.start(of: rows.lowerBound)
        let last = Int(vector.ends[rows.upperBound &- 1])
        let clean = vector.bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return true }
            return !needsEscape(base + first, last &- first)
        }
        // An escape takes at most six bytes (`\u00XX`); quotes or `null` at most six a value.
        let room = (clean ? 1 : 6) * (last &- first) + 6 * count
        // Written into room appended to `bytes`; `w` counts from its start.
        let start = bytes.count
        ends.reserveCapacity(ends.count + count)
        vector.bytes.withUnsafeBufferPointer { b in
            vector.ends.withUnsafeBufferPointer { e in
                vector.isNull.withUnsafeBufferPointer { isNull in
                    bytes.append(writingAtMost: room) { o in
                        let source = b.baseAddress
                        var w = 0
                        var previous = first
                        for r in rows {
                            let end = Int(e[r])
                            defer { previous = end }
                            if isNull[r] {
                                w = PointerText.writeASCII("null", to: o, at: w)
                                ends.append(Int32(truncatingIfNeeded: start &+ w))
                                continue
                            }
                            let length = end &- previous
                            if bareNumbers, let source, JSONLinesEncoder.isJSONNumber(UnsafeBufferPointer(start: source + previous, count: length)) {
                                ShortCopy.copy(source + previous, length, to: o + w)
                                w &+= length
                                ends.append(Int32(truncatingIfNeeded: start &+ w))
                                continue
                            }
                            o[w] = 0x22
                            w &+= 1
                            if let source, length > 0 {
                                if clean || !needsEscape(source + previous, length) {
                                    ShortCopy.copy(source + previous, length, to: o + w)
                                    w &+= length
                                } else {
                                    w = writeEscaped(source + previous, length, to: o, at: w)
                                }
                            }
                            o[w] = 0x22
                            w &+= 1
                            ends.append(Int32(truncatingIfNeeded: start &+ w))
                        }
                        return w
                    }
                }
            }
        }
    }

    /// Writes the `count` bytes at `p` with JSON string escapes at `o + w`; returns the new end.
    static func writeEscaped(_ p: UnsafePointer<UInt8>, _ count: Int, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        var w = start
        for i in 0 ..< count {
            let c = p[i]
            if c >= 0x20 && c != 0x22 && c != 0x5C && c != 0x7F {
                o[w] = c
                w &+= 1
                continue
            }
            o[w] = 0x5C
            switch c {
            case 0x22, 0x5C: o[w &+ 1] = c
            case 0x0A: o[w &+ 1] = UInt8(ascii: "n")
            case 0x0D: o[w &+ 1] = UInt8(ascii: "r")
            case 0x09: o[w &+ 1] = UInt8(ascii: "t")
            default:
                w = PointerText.writeASCII("\\u00", to: o, at: w)
                o[w] = hexDigit(c >> 4)
                o[w &+ 1] = hexDigit(c & 0xF)
            }
            w &+= 2
        }
        return w
    }

    @inline(__always)
    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 &+ v : 0x57 &+ v }
}
