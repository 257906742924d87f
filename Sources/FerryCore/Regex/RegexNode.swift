/// The syntax tree of a parsed regular expression.
indirect enum RegexNode: Sendable {
    /// One byte from the set.
    case bytes(ByteSet)
    /// Any one UTF-8 encoded character (`.` and negated classes match whole characters): the
    /// ASCII part in `ascii`, and every multi-byte sequence when `multibyte` is set.
    case character(ascii: ByteSet, multibyte: Bool)
    case sequence([RegexNode])
    case alternation([RegexNode])
    /// `node` at least `min` and at most `max` (nil: no limit) times.
    case repeated(RegexNode, min: Int, max: Int?)
    case lineStart
    case lineEnd
    case empty
}
