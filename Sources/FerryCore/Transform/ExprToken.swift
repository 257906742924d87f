/// One token of an expression, with its 1-based character position.
struct ExprToken: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        /// A `"quoted"` identifier: never a keyword.
        case quoted(String)
        case int(Int64)
        case double(Double)
        case text(String)
        case symbol(String)
        case end
    }

    var kind: Kind
    var position: Int

    /// Whether this is the keyword `word` (case-insensitive, unquoted).
    func isKeyword(_ word: String) -> Bool {
        if case let .identifier(name) = kind { return name.uppercased() == word }
        return false
    }

    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }

    /// Splits `text` into tokens; throws on a character or literal that cannot start one.
    static func tokens(_ text: String) throws(ExprError) -> [ExprToken] {
        let chars = Array(text.unicodeScalars)
        var out: [ExprToken] = []
        var i = 0
        func isIdentStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        while i < chars.count {
            let c = chars[i]
            let position = i + 1
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if isIdentStart(c) {
                var name = ""
                while i < chars.count, isIdentStart(chars[i]) || isDigit(chars[i]) { name.unicodeScalars.append(chars[i]); i += 1 }
                out.append(ExprToken(kind: .identifier(name), position: position))
            } else if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                var number = ""
                var isDouble = false
                while i < chars.count, isDigit(chars[i]) || chars[i] == "." || chars[i] == "e" || chars[i] == "E"
                    || ((chars[i] == "+" || chars[i] == "-") && (chars[i - 1] == "e" || chars[i - 1] == "E")) {
                    if !isDigit(chars[i]) { isDouble = true }
                    number.unicodeScalars.append(chars[i])
                    i += 1
                }
                if isDouble {
                    guard let d = Double(number), d.isFinite else { throw ExprError(position: position, "\(number) is not a number") }
                    out.append(ExprToken(kind: .double(d), position: position))
                } else {
                    guard let n = Int64(number) else { throw ExprError(position: position, "\(number) is out of the bigint range") }
                    out.append(ExprToken(kind: .int(n), position: position))
                }
            } else if c == "'" || c == "\"" {
                var value = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == c {
                        if i + 1 < chars.count && chars[i + 1] == c { value.unicodeScalars.append(c); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    value.unicodeScalars.append(chars[i])
                    i += 1
                }
                guard closed else { throw ExprError(position: position, c == "'" ? "the string is not closed with '" : "the quoted name is not closed with \"") }
                out.append(ExprToken(kind: c == "'" ? .text(value) : .quoted(value), position: position))
            } else {
                let two = i + 1 < chars.count ? String(String.UnicodeScalarView([c, chars[i + 1]])) : ""
                if ["<=", ">=", "<>", "!=", "||"].contains(two) {
                    out.append(ExprToken(kind: .symbol(two == "!=" ? "<>" : two), position: position))
                    i += 2
                } else if "+-*/%=<>(),".unicodeScalars.contains(c) {
                    out.append(ExprToken(kind: .symbol(String(c)), position: position))
                    i += 1
                } else {
                    throw ExprError(position: position, "unexpected character \"\(c)\"")
                }
            }
        }
        out.append(ExprToken(kind: .end, position: chars.count + 1))
        return out
    }
}
