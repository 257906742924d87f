/// TSV escapes for `DelimitedEncoder`.
///
/// PostgreSQL's text format: the delimiter between fields, NULL as `\N` (or the
/// first NULL marker), and backslash escapes for backslash, the delimiter and control characters
/// (`\\ \t \n \r \b \f \v`). A text equal to a NULL marker without backslashes gets its first
/// byte written as an octal escape, so it does not read back as NULL.
struct TSVEscaping: FieldEncoding {
    let delimiter: UInt8
    /// The NULL text: a value equal to it is escaped so it does not read back as NULL.
    let nullText: [UInt8]

    init(delimiter: UInt8, nullText: [UInt8]) {
        self.delimiter = delimiter
        self.nullText = nullText
    }

    /// The letter of the escape for `c` (`n` for LF ...), the byte itself for backslash and the
    /// delimiter, or nil when `c` is written as it is.
    @inline(__always)
    private func escapeLetter(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x5C: 0x5C
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x09: UInt8(ascii: "t")
        case 0x08: UInt8(ascii: "b")
        case 0x0C: UInt8(ascii: "f")
        case 0x0B: UInt8(ascii: "v")
        default: c == delimiter ? c : nil
        }
    }

    /// Whether `bytes` holds a byte written as an escape (backslash, the delimiter, `\b` to `\r`):
    /// sixteen bytes at a time (SSE2 compares on x86-64), then eight.
    func mayNeedProtection(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        var i = 0
        let vd = SIMD16<UInt8>(repeating: delimiter), vb = SIMD16<UInt8>(repeating: 0x5C)
        let eight = SIMD16<UInt8>(repeating: 0x08), six = SIMD16<UInt8>(repeating: 6)
        while i &+ 16 <= n {
            let v = SWAR.load16(p + i)
            // `v - 8 < 6` (wrapping) is exactly the controls 0x08...0x0D.
            if any((v .== vd) .| (v .== vb) .| ((v &- eight) .< six)) { return true }
            i &+= 16
        }
        let d = SWAR.broadcast(delimiter), backslash = SWAR.broadcast(0x5C)
        // Bytes below 0x10 (one test: the high nibble is zero) cover the escaped controls 0x08...0x0D.
        let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        while i &+ 8 <= n {
            let w = SWAR.load(p + i)
            if SWAR.zeroBytes(w ^ d) | SWAR.zeroBytes(w ^ backslash) | SWAR.zeroBytes(w & highNibbles) != 0 {
                if escapes(p + i, count: 8) { return true }
            }
            i &+= 8
        }
        return escapes(p + i, count: n &- i)
    }

    /// Whether one of the `count` bytes at `p` is written as an escape.
    @inline(__always)
    private func escapes(_ p: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        while i < count {
            if escapeLetter(p[i]) != nil { return true }
            i &+= 1
        }
        return false
    }

    /// Whether `text` must be escaped: it holds a byte written as an escape, or equals the NULL
    /// text.
    func needsProtection(_ text: UnsafeRawBufferPointer) -> Bool {
        if !nullText.isEmpty, text.count == nullText.count, text.elementsEqual(nullText) { return true }
        return mayNeedProtection(text)
    }

    /// Writes `text` with escapes; a text equal to the NULL text without escaped bytes gets its
    /// first byte as an octal escape.
    func writeProtected(_ text: UnsafeRawBufferPointer, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        guard let base = text.baseAddress else { return start }
        var w = start
        if !escapes(base.assumingMemoryBound(to: UInt8.self), count: text.count) {
            let first = text[0]
            o[w] = 0x5C
            o[w &+ 1] = 0x30 + (first >> 6)
            o[w &+ 2] = 0x30 + ((first >> 3) & 7)
            o[w &+ 3] = 0x30 + (first & 7)
            w &+= 4
            for c in text.dropFirst() {
                o[w] = c
                w &+= 1
            }
            return w
        }
        for c in text {
            if let letter = escapeLetter(c) {
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
