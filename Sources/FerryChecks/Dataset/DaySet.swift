/// The days a `date_coverage` check saw: a bitmap over the calendar Ferry types (years 1 to 9999,
/// about 460 KB at most, grown only as far as the days seen reach), and a set for any day outside
/// it. Inserting a day is a bit operation rather than a hash-set insert per row.
struct DaySet {
    /// The first day the bitmap holds (0001-01-01, days since 1970).
    static let base: Int64 = -719_162
    /// Days the bitmap covers at most (through 9999-12-31 and a little beyond).
    static let span: Int64 = 3_652_096
    private var words: [UInt64] = []
    private var outside: Set<Int64> = []
    private(set) var min: Int64?
    private(set) var max: Int64?

    mutating func insert(_ day: Int64) {
        if let lowest = min, let highest = max {
            if day < lowest { min = day } else if day > highest { max = day }
        } else {
            min = day
            max = day
        }
        let offset = day &- Self.base
        guard offset >= 0, offset < Self.span else {
            outside.insert(day)
            return
        }
        let word = Int(offset >> 6)
        if word >= words.count {
            // Doubling keeps the growth amortised; never past the span.
            let wanted = Swift.min(Int((Self.span + 63) >> 6), Swift.max(word + 1, words.count * 2, 64))
            words.append(contentsOf: repeatElement(0, count: wanted - words.count))
        }
        words[word] |= 1 << UInt64(offset & 63)
    }

    func contains(_ day: Int64) -> Bool {
        let offset = day &- Self.base
        guard offset >= 0, offset < Self.span else { return outside.contains(day) }
        let word = Int(offset >> 6)
        return word < words.count && words[word] & (1 << UInt64(offset & 63)) != 0
    }
}
