extension PostgresSource {
    /// `query` without what may follow its last token: white space, semicolons and comments.
    /// `COPY (…)` takes a query, not a statement, so `SELECT 1; -- done` must become `SELECT 1`.
    ///
    /// Lexes as PostgreSQL does (with `standard_conforming_strings` on): `'…'` strings with `''`,
    /// `E'…'` strings with backslash escapes, `"…"` identifiers, `$tag$…$tag$` bodies, `--` line
    /// comments and nested `/* … */` comments. Text that does not lex (an unterminated string)
    /// comes back whole, for the server to report. Semicolons before the last token are kept:
    /// the server then refuses the text as more than one statement.
    static func withoutTrailingSemicolons(_ query: String) -> String {
        let s = Array(query.utf8)
        var end = 0 // just after the last byte of the last token
        var i = 0
        func isIdentifier(_ c: UInt8) -> Bool {
            c == 0x5F || c == 0x24 || c >= 0x80 || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || (c >= 0x30 && c <= 0x39)
        }
        while i < s.count {
            let c = s[i]
            let next: UInt8 = i + 1 < s.count ? s[i + 1] : 0
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x3B: // white space and ';'
                i += 1
                continue
            case 0x2D where next == 0x2D: // -- comment
                while i < s.count, s[i] != 0x0A { i += 1 }
                continue
            case 0x2F where next == 0x2A: // /* comment */, nested
                var depth = 0
                while i < s.count {
                    if s[i] == 0x2F, i + 1 < s.count, s[i + 1] == 0x2A { depth += 1; i += 2 }
                    else if s[i] == 0x2A, i + 1 < s.count, s[i + 1] == 0x2F { depth -= 1; i += 2; if depth == 0 { break } }
                    else { i += 1 }
                }
                if depth != 0 { return query }
                continue
            case 0x27, 0x22: // '…' or "…"; E'…' takes backslash escapes
                let escapes = c == 0x27 && i > 0 && s[i - 1] | 0x20 == 0x65 && (i < 2 || !isIdentifier(s[i - 2]))
                i += 1
                var closed = false
                while i < s.count {
                    if escapes, s[i] == 0x5C { i += 2; continue }
                    if s[i] == c {
                        if i + 1 < s.count, s[i + 1] == c { i += 2; continue }
                        i += 1
                        closed = true
                        break
                    }
                    i += 1
                }
                if !closed { return query }
            case 0x24 where i == 0 || !isIdentifier(s[i - 1]): // $tag$ … $tag$
                var t = i + 1
                while t < s.count, isIdentifier(s[t]), s[t] != 0x24 { t += 1 }
                guard t < s.count, s[t] == 0x24, t == i + 1 || !(s[i + 1] >= 0x30 && s[i + 1] <= 0x39) else {
                    i += 1 // `$1`: a parameter
                    break
                }
                let tag = Array(s[i...t])
                i = t + 1
                var closed = false
                while i + tag.count <= s.count {
                    if s[i] == 0x24, Array(s[i..<i + tag.count]) == tag {
                        i += tag.count
                        closed = true
                        break
                    }
                    i += 1
                }
                if !closed { return query }
            default:
                i += 1
            }
            end = i
        }
        return String(decoding: s[..<end], as: UTF8.self)
    }
}
