
/// Parses the common regular-expression syntax over UTF-8 bytes: literals, `.`, classes
/// (`[a-z]`, `[^...]`, `\d \w \s` and their negations), anchors `^ $`, `* + ?`, `{m}`, `{m,}`,
/// `{m,n}`, alternation and groups (`(...)`, `(?:...)`). Anything else (backreferences,
/// lookaround, word boundaries, flags) is refused with its position, never guessed at.
struct RegexParser {
    /// The largest `{m,n}` count accepted.
    static let maxRepeat = 1000

    private let p: [UInt8]
    private var i = 0

    init(_ pattern: String) { p = Array(pattern.utf8) }

    static func parse(_ pattern: String) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(pattern)
        let node = try parser.alternation()
        if parser.i < parser.p.count {
            throw parser.fail(parser.p[parser.i] == 0x29 ? "unmatched )" : "unexpected character")
        }
        return node
    }

    private func fail(_ reason: String, at position: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(position: position ?? i, reason: reason)
    }

    private var peek: UInt8? { i < p.count ? p[i] : nil }

    private mutating func alternation() throws(RegexSyntaxError) -> RegexNode {
        var branches = [try sequence()]
        while peek == 0x7C {
            i += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func sequence() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != 0x7C, c != 0x29 {
            let start = i
            var node = try atom()
            while let q = peek {
                let at = i
                guard let (min, max) = try quantifier() else { break }
                switch node {
                case .lineStart, .lineEnd, .empty: throw fail("nothing to repeat", at: at)
                default: break
                }
                node = .repeated(node, min: min, max: max)
                if peek == 0x3F { i += 1 } // a lazy quantifier matches the same strings
                _ = q
            }
            _ = start
            items.append(node)
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .sequence(items))
    }

    /// `*`, `+`, `?` or `{m}`, `{m,}`, `{m,n}`; nil when the next byte is not a quantifier.
    private mutating func quantifier() throws(RegexSyntaxError) -> (Int, Int?)? {
        switch peek {
        case 0x2A: i += 1; return (0, nil)
        case 0x2B: i += 1; return (1, nil)
        case 0x3F: i += 1; return (0, 1)
        case 0x7B:
            let open = i
            i += 1
            guard let min = number() else { throw fail("expected {m}, {m,} or {m,n}", at: open) }
            var max: Int? = min
            if peek == 0x2C {
                i += 1
                max = number()
            }
            guard peek == 0x7D else { throw fail("expected {m}, {m,} or {m,n}", at: open) }
            i += 1
            if min > Self.maxRepeat || (max ?? 0) > Self.maxRepeat {
                throw fail("repeat counts over \(Self.maxRepeat) are not supported", at: open)
            }
            if let max, max < min { throw fail("{m,n} needs m <= n", at: open) }
            return (min, max)
        default: return nil
        }
    }

    private mutating func number() -> Int? {
        var n: Int?
        while let c = peek, c >= 0x30, c <= 0x39 {
            n = min((n ?? 0) * 10 + Int(c - 0x30), 1_000_000)
            i += 1
        }
        return n
    }

    private mutating func atom() throws(RegexSyntaxError) -> RegexNode {
        let start = i
        let c = p[i]
        i += 1
        switch c {
        case 0x28:
            if peek == 0x3F {
                guard i + 1 < p.count, p[i + 1] == 0x3A else {
                    throw fail("only (?:...) groups are supported (no lookaround, named groups or flags)", at: start)
                }
                i += 2
            }
            let inner = try alternation()
            guard peek == 0x29 else { throw fail("missing )", at: start) }
            i += 1
            return inner
        case 0x5B: return try characterClass(start: start)
        case 0x2E: return .character(ascii: ByteSet(0x00...0x7F).removing(0x0A), multibyte: true)
        case 0x5E: return .lineStart
        case 0x24: return .lineEnd
        case 0x5C: return try escape(inClass: false, start: start).node
        case 0x2A, 0x2B, 0x3F: throw fail("nothing to repeat", at: start)
        default:
            guard c >= 0x80 else { return .bytes(ByteSet(c...c)) }
            // A multi-byte character is one atom, so a quantifier repeats all of it.
            var bytes: [RegexNode] = [.bytes(ByteSet(c...c))]
            while let next = peek, next & 0xC0 == 0x80 {
                bytes.append(.bytes(ByteSet(next...next)))
                i += 1
            }
            return .sequence(bytes)
        }
    }

    /// An escape after `\`: a class (`\d`), or one literal byte.
    private mutating func escape(inClass: Bool, start: Int) throws(RegexSyntaxError) -> (node: RegexNode, set: ByteSet, negated: Bool) {
        guard let c = peek else { throw fail("trailing backslash", at: start) }
        i += 1
        var set: ByteSet
        var negated = false
        switch c {
        case 0x64: set = .digits
        case 0x44: set = .digits; negated = true
        case 0x77: set = .word
        case 0x57: set = .word; negated = true
        case 0x73: set = .space
        case 0x53: set = .space; negated = true
        case 0x74: set = ByteSet(0x09...0x09)
        case 0x6E: set = ByteSet(0x0A...0x0A)
        case 0x72: set = ByteSet(0x0D...0x0D)
        case 0x78:
            guard i + 1 < p.count, let h = p[i].hexDigitValue, let l = p[i + 1].hexDigitValue else {
                throw fail("expected two hex digits after \\x", at: start)
            }
            i += 2
            let b = h << 4 | l
            guard b < 0x80 else { throw fail("\\x escapes above \\x7F are not supported", at: start) }
            set = ByteSet(b...b)
        case 0x30...0x39: throw fail("backreferences are not supported", at: start)
        case 0x62, 0x42: throw fail("word boundaries are not supported", at: start)
        default:
            guard c < 0x80, !(0x41...0x5A).contains(c), !(0x61...0x7A).contains(c) else {
                throw fail("unknown escape", at: start)
            }
            set = ByteSet(c...c)
        }
        let node: RegexNode = negated ? .character(ascii: set.asciiComplement, multibyte: true) : .bytes(set)
        return (node, set, negated)
    }

    private mutating func characterClass(start: Int) throws(RegexSyntaxError) -> RegexNode {
        var set = ByteSet()
        let negated = peek == 0x5E
        if negated { i += 1 }
        var first = true
        while true {
            guard let c = peek else { throw fail("missing ]", at: start) }
            if c == 0x5D && !first { i += 1; break }
            first = false
            let at = i
            var low: UInt8
            if c == 0x5C {
                i += 1
                let e = try escape(inClass: true, start: at)
                if e.negated { set.formUnion(e.set.asciiComplement); continue }
                if e.set != ByteSet(0x00...0x00) && Self.single(e.set) == nil { set.formUnion(e.set); continue }
                low = Self.single(e.set) ?? 0
            } else {
                guard c < 0x80 else { throw fail("non-ASCII characters in a class are not supported", at: at) }
                if c == 0x5B, i + 1 < p.count, p[i + 1] == 0x3A { throw fail("POSIX classes [:name:] are not supported", at: at) }
                low = c
                i += 1
            }
            if peek == 0x2D, i + 1 < p.count, p[i + 1] != 0x5D {
                i += 1
                var high: UInt8
                if peek == 0x5C {
                    let e = i
                    i += 1
                    guard let b = Self.single(try escape(inClass: true, start: e).set) else { throw fail("a range needs single characters", at: e) }
                    high = b
                } else {
                    guard let b = peek, b < 0x80 else { throw fail("non-ASCII characters in a class are not supported", at: i) }
                    high = b
                    i += 1
                }
                guard low <= high else { throw fail("range out of order", at: at) }
                set.insert(low...high)
            } else {
                set.insert(low)
            }
        }
        return negated ? .character(ascii: set.asciiComplement, multibyte: true) : .bytes(set)
    }

    /// The one byte of `set`, or nil when it has another number of members.
    private static func single(_ set: ByteSet) -> UInt8? {
        var found: UInt8?
        for b in UInt8(0)...0x7F where set.contains(b) {
            if found != nil { return nil }
            found = b
        }
        return found
    }
}

extension ByteSet {
    func removing(_ b: UInt8) -> ByteSet {
        var out = ByteSet()
        for x in UInt8(0)...0xFF where x != b && contains(x) { out.insert(x) }
        return out
    }
}
