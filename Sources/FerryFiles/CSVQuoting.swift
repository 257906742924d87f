/// CSV quoting for `DelimitedEncoder`.
///
/// RFC 4180: a field is quoted only when it holds the delimiter, the quote,
/// CR or LF, or when it equals the NULL text (so an empty string is `""` while NULL is an empty
/// unquoted field). Inside quotes the quote is doubled, or escaped with a separate escape
/// character, which is then escaped itself.
struct CSVQuoting: FieldEncoding {
    let delimiter: UInt8
    let quote: UInt8
    let escape: UInt8
    /// The NULL text: a value equal to it is quoted so it does not read back as NULL.
    let nullText: [UInt8]

    init(delimiter: UInt8, quote: UInt8, escape: UInt8, nullText: [UInt8]) {
        self.delimiter = delimiter
        self.quote = quote
        self.escape = escape
        self.nullText = nullText
    }

    /// Whether `bytes` holds the delimiter, the quote, CR or LF: sixteen bytes at a time (SSE2
    /// compares on x86-64), then eight.
    func mayNeedProtection(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        var i = 0
        let vd = SIMD16<UInt8>(repeating: delimiter), vq = SIMD16<UInt8>(repeating: quote)
        let vlf = SIMD16<UInt8>(repeating: 0x0A), vcr = SIMD16<UInt8>(repeating: 0x0D)
        while i &+ 16 <= n {
            let v = SWAR.load16(p + i)
            if any((v .== vd) .| (v .== vq) .| (v .== vlf) .| (v .== vcr)) { return true }
            i &+= 16
        }
        let d = SWAR.broadcast(delimiter), q = SWAR.broadcast(quote)
        let lf = SWAR.broadcast(0x0A), cr = SWAR.broadcast(0x0D)
        while i &+ 8 <= n {
            let w = SWAR.load(p + i)
            // Non-zero exactly when some byte of `w` is one of the four.
            if SWAR.zeroBytes(w ^ d) | SWAR.zeroBytes(w ^ q) | SWAR.zeroBytes(w ^ lf) | SWAR.zeroBytes(w ^ cr) != 0 {
                return true
            }
            i &+= 8
        }
        while i < n {
            let c = p[i]
            if c == delimiter || c == quote || c == 0x0A || c == 0x0D { return true }
            i &+= 1
        }
        return false
    }

    /// Whether `text` must be quoted: it holds a special byte or equals the NULL text.
    func needsProtection(_ text: UnsafeRawBufferPointer) -> Bool {
        if text.count == nullText.count, text.elementsEqual(nullText) { return true }
        return mayNeedProtection(text)
    }

    /// Writes `text` in quotes, escaping the quote and the escape character.
    func writeProtected(_ text: UnsafeRawBufferPointer, to o: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        o[start] = quote
        var w = start &+ 1
        for c in text {
            if c == quote || c == escape {
                o[w] = escape
                w &+= 1
            }
            o[w] = c
            w &+= 1
        }
        o[w] = quote
        return w &+ 1
    }
}
