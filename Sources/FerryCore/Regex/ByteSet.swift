/// A set of bytes (a 256-bit map), what one regular-expression instruction accepts.
struct ByteSet: Sendable, Hashable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init() {}

    init(_ range: ClosedRange<UInt8>) { insert(range) }

    func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    mutating func insert(_ range: ClosedRange<UInt8>) {
        for b in range { insert(b) }
    }

    mutating func formUnion(_ other: ByteSet) {
        words.0 |= other.words.0
        words.1 |= other.words.1
        words.2 |= other.words.2
        words.3 |= other.words.3
    }

    /// The ASCII bytes not in the set (bytes 0x80 and up are never in the result).
    var asciiComplement: ByteSet {
        var out = ByteSet()
        for b in UInt8(0)...0x7F where !contains(b) { out.insert(b) }
        return out
    }

    static func == (a: ByteSet, b: ByteSet) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    func hash(into h: inout Hasher) {
        h.combine(words.0)
        h.combine(words.1)
        h.combine(words.2)
        h.combine(words.3)
    }

    static let digits = ByteSet(0x30...0x39)
    static var word: ByteSet {
        var s = ByteSet(0x30...0x39)
        s.insert(0x41...0x5A)
        s.insert(0x61...0x7A)
        s.insert(0x5F)
        return s
    }
    static var space: ByteSet {
        var s = ByteSet(0x09...0x0D)
        s.insert(0x20)
        return s
    }
}
