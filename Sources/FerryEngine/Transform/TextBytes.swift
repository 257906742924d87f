/// Byte-level text operations over UTF-8 (a UTF-8 substring match is always on scalar bounds).
enum TextBytes {
    /// The start of the first occurrence of `needle` in `hay` at or after `from`.
    static func find(_ needle: ArraySlice<UInt8>, in hay: ArraySlice<UInt8>, from: Int) -> Int? {
        guard !needle.isEmpty else { return from }
        guard hay.endIndex - from >= needle.count else { return nil }
        let first = needle[needle.startIndex]
        var i = from
        while i + needle.count <= hay.endIndex {
            if hay[i] == first && hay[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Whether `text` matches the LIKE `pattern`: `%` any run, `_` one character, `\` escapes.
    static func like(_ text: [Unicode.Scalar], _ pattern: [Unicode.Scalar]) -> Bool {
        var t = 0, p = 0
        var star = -1, mark = 0
        while t < text.count {
            if p < pattern.count && pattern[p] == "\\" && p + 1 < pattern.count {
                if pattern[p + 1] == text[t] { p += 2; t += 1; continue }
            } else if p < pattern.count && (pattern[p] == "_") {
                p += 1; t += 1; continue
            } else if p < pattern.count && pattern[p] == "%" {
                star = p; mark = t; p += 1; continue
            } else if p < pattern.count && pattern[p] == text[t] {
                p += 1; t += 1; continue
            }
            guard star >= 0 else { return false }
            p = star + 1
            mark += 1
            t = mark
        }
        while p < pattern.count && pattern[p] == "%" { p += 1 }
        return p == pattern.count
    }
}
