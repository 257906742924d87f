/// The states a `SafeRegex` has built of its lazy DFA (RE2's approach): a state is the set of
/// NFA threads alive at a position (the byte-reading and `$` instructions reached by the empty
/// moves), and its transitions are filled in per byte class the first time they are taken.
///
/// The cache is bounded (states and the threads they hold); when full it is flushed and built
/// again from the current state, so memory stays bounded whatever the input.
struct DFACache: Sendable {
    /// A transition not built yet.
    static let unknown: Int32 = -1
    /// The match instruction is reached: the search succeeds.
    static let matched: Int32 = -2
    /// No thread is left (only after `^`-anchored branches die): the search fails.
    static let dead: Int32 = -3

    /// The byte class of each byte (bytes no instruction tells apart share a class).
    let classOf: [UInt8]
    /// One byte of each class, to run the NFA step on.
    let representative: [UInt8]
    var classCount: Int { representative.count }
    var maxStates: Int
    var maxThreads: Int

    /// Each state's threads (instruction indexes, ascending).
    private(set) var threads: [[Int32]] = []
    private var index: [[Int32]: Int32] = [:]
    /// `classCount` transitions per state.
    var table: [Int32] = []
    /// Per state: whether its `$` threads reach the match at the end of the input (-1 not yet known).
    var endMatch: [Int8] = []
    private var threadCount = 0
    /// The state at position 0 (where `^` holds), or `unknown`.
    var start: Int32 = DFACache.unknown
    /// How many times the cache was flushed (for tests).
    private(set) var flushes = 0

    init(program: [SafeRegex.Instruction]) {
        var sets = Set<ByteSet>()
        for case let .byte(set) in program { sets.insert(set) }
        var classOf = [UInt8](repeating: 0, count: 256)
        var representative: [UInt8] = [0]
        for b in 1..<256 {
            let byte = UInt8(b)
            if sets.contains(where: { $0.contains(byte) != $0.contains(byte - 1) }) { representative.append(byte) }
            classOf[b] = UInt8(representative.count - 1)
        }
        self.classOf = classOf
        self.representative = representative
        maxStates = max(16, min(4_096, (1 << 18) / representative.count))
        maxThreads = 1 << 18
    }

    /// Follows the built transitions from state `s` at `input[pos]` until the input ends or the
    /// next transition is not a state (`unknown`, `matched`, `dead`): the state reached and its
    /// position. Table indexes are in bounds by construction (a state's row, a byte's class).
    @inline(__always)
    func follow(from s: Int32, at pos: Int, in input: UnsafeRawBufferPointer) -> (state: Int32, pos: Int) {
        let classes = classCount
        return classOf.withUnsafeBufferPointer { classOf in
            table.withUnsafeBufferPointer { table in
                var s = s
                var pos = pos
                while pos < input.count {
                    let t = table[Int(s) &* classes &+ Int(classOf[Int(input[pos])])]
                    if t < 0 { break }
                    s = t
                    pos &+= 1
                }
                return (s, pos)
            }
        }
    }

    /// Whether a new state would overflow the cache.
    func isFull(adding count: Int) -> Bool {
        threads.count >= maxStates || threadCount + count > maxThreads
    }

    /// The state holding exactly `set` (ascending), added if new; the caller checks `isFull` first.
    mutating func intern(_ set: [Int32]) -> Int32 {
        if let id = index[set] { return id }
        let id = Int32(threads.count)
        threads.append(set)
        index[set] = id
        threadCount += set.count
        table.append(contentsOf: repeatElement(Self.unknown, count: classCount))
        endMatch.append(-1)
        return id
    }

    func existing(_ set: [Int32]) -> Int32? { index[set] }

    /// Drops every state.
    mutating func flush() {
        threads.removeAll(keepingCapacity: true)
        index.removeAll(keepingCapacity: true)
        table.removeAll(keepingCapacity: true)
        endMatch.removeAll(keepingCapacity: true)
        threadCount = 0
        start = Self.unknown
        flushes += 1
    }
}
