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
    /// Holds a value while it is rewritten quoted.
    private var held: [UInt8] = []

    init(delimiter: UInt8, quote: UInt8, escape: UInt8, nullText: [UInt8]) {
        self.delimiter = delimiter
        self.quote = quote
        self.escape = escape
        self.nullText = nullText
    }

    /// Rewrites `out[start...]` quoted when it needs quotes.
    mutating func encode(from start: Int, in out: inout [UInt8]) {
        let count = out.count - start
        let special = out.withUnsafeBufferPointer { buffer -> Bool in
            var k = start
            while k < buffer.count {
                let c = buffer[k]
                if c == delimiter || c == quote || c == 0x0A || c == 0x0D { return true }
                k += 1
            }
            return count == nullText.count && buffer[start...].elementsEqual(nullText)
        }
        guard special else { return }
        held.removeAll(keepingCapacity: true)
        held.append(contentsOf: out[start...])
        out.removeSubrange(start...)
        out.append(quote)
        for c in held {
            if c == quote || c == escape { out.append(escape) }
            out.append(c)
        }
        out.append(quote)
    }
}
