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
    /// Holds a value while it is rewritten with escapes.
    private var held: [UInt8] = []

    init(delimiter: UInt8, nullText: [UInt8]) {
        self.delimiter = delimiter
        self.nullText = nullText
    }

    /// The letter of the escape for `c` (`n` for LF ...), the byte itself for backslash and the
    /// delimiter, or nil when `c` is written as it is.
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

    /// Rewrites `out[start...]` with escapes when it needs them.
    mutating func encode(from start: Int, in out: inout [UInt8]) {
        var special = false
        var k = start
        while k < out.count {
            let c = out[k]
            if c < 0x20 || c == 0x5C || c == delimiter {
                special = escapeLetter(c) != nil
                if special { break }
            }
            k += 1
        }
        let equalsNull = !special && !nullText.isEmpty && out.count - start == nullText.count
            && out[start...].elementsEqual(nullText)
        guard special || equalsNull else { return }
        held.removeAll(keepingCapacity: true)
        held.append(contentsOf: out[start...])
        out.removeSubrange(start...)
        if equalsNull {
            let first = held[0]
            out.append(0x5C)
            out.append(0x30 + (first >> 6))
            out.append(0x30 + ((first >> 3) & 7))
            out.append(0x30 + (first & 7))
            out.append(contentsOf: held[1...])
            return
        }
        for c in held {
            if let letter = escapeLetter(c) {
                out.append(0x5C)
                out.append(letter)
            } else {
                out.append(c)
            }
        }
    }
}
