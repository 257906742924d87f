/// The lazy DFA search of `SafeRegex`: states are built from the Pike VM's program on first use
/// and cached in `dfa`; a search that keeps flushing the cache finishes on the Pike VM from where
/// it stands, so the work stays linear in the input either way.
extension SafeRegex {
    /// Cache flushes within one search after which it goes on with the Pike VM.
    static let flushesPerSearch = 3
    /// Thrashing searches after which this matcher stops trying the DFA.
    static let thrashLimit = 8

    mutating func dfaMatches(_ input: UnsafeRawBufferPointer) -> Bool {
        let flushesBefore = dfa.flushes
        if dfa.start == DFACache.unknown {
            let (set, matched) = closure(seeds: [0], atStart: true, atEnd: false)
            if matched { return true }
            dfa.start = state(for: set, keeping: nil).state
        }
        var s = dfa.start
        if s == DFACache.dead { return false }
        let classes = dfa.classCount
        var pos = 0
        let count = input.count
        while pos < count {
            // The transitions already built, in one tight loop; it stops at the end of the input
            // or at a transition that is not a state yet (unknown, matched, dead).
            (s, pos) = dfa.follow(from: s, at: pos, in: input)
            if pos == count { break }
            let byteClass = Int(dfa.classOf[Int(input[pos])])
            var t = dfa.table[Int(s) &* classes &+ byteClass]
            if t == DFACache.unknown {
                if dfa.flushes - flushesBefore >= Self.flushesPerSearch {
                    thrashed += 1
                    steps += pos
                    var alive: [Int] = []
                    for pc in dfa.threads[Int(s)] {
                        if case .byte = program[Int(pc)] { alive.append(Int(pc)) }
                    }
                    return pikeMatches(input, from: pos, threads: alive)
                }
                t = transition(from: s, byteClass: byteClass)
            }
            if t < 0 {
                steps += pos + 1
                return t == DFACache.matched
            }
            s = t
            pos += 1
        }
        steps += count
        return endMatches(s)
    }

    /// Builds the transition of state `s` on `byteClass`, returning the next state (or `matched`,
    /// `dead`); may flush the cache, keeping the state it comes from.
    private mutating func transition(from s: Int32, byteClass: Int) -> Int32 {
        let byte = dfa.representative[byteClass]
        let from = dfa.threads[Int(s)]
        var seeds: [Int] = []
        for pc in from {
            if case let .byte(set) = program[Int(pc)], set.contains(byte) { seeds.append(Int(pc) + 1) }
        }
        // Unanchored: a match may start at every position.
        seeds.append(0)
        let (set, matched) = closure(seeds: seeds, atStart: false, atEnd: false)
        if matched {
            dfa.table[Int(s) * dfa.classCount + byteClass] = DFACache.matched
            return DFACache.matched
        }
        let (next, source) = state(for: set, keeping: s)
        dfa.table[Int(source ?? s) * dfa.classCount + byteClass] = next
        return next
    }

    /// The state for thread set `set` (`dead` when empty), interning it; when the cache is full it
    /// is flushed first and `kept` (the state being left, if any) is interned again: its new id is
    /// returned beside.
    private mutating func state(for set: [Int32], keeping kept: Int32?) -> (state: Int32, kept: Int32?) {
        if set.isEmpty { return (DFACache.dead, kept) }
        if let id = dfa.existing(set) { return (id, kept) }
        let keptThreads = kept.map { dfa.threads[Int($0)] }
        var kept = kept
        if dfa.isFull(adding: set.count + (keptThreads?.count ?? 0)) {
            dfa.flush()
            if let keptThreads { kept = dfa.intern(keptThreads) }
        }
        return (dfa.intern(set), kept)
    }

    /// Whether state `s`'s `$` threads reach the match at the end of the input (cached per state).
    private mutating func endMatches(_ s: Int32) -> Bool {
        let known = dfa.endMatch[Int(s)]
        if known >= 0 { return known == 1 }
        var seeds: [Int] = []
        for pc in dfa.threads[Int(s)] {
            if case .lineEnd = program[Int(pc)] { seeds.append(Int(pc) + 1) }
        }
        let matched = !seeds.isEmpty && closure(seeds: seeds, atStart: false, atEnd: true).matched
        dfa.endMatch[Int(s)] = matched ? 1 : 0
        return matched
    }

    /// The threads reached from `seeds` by the empty moves (`^` holds when `atStart`, `$` when
    /// `atEnd`; otherwise a `$` is kept as a thread, to be resolved at the end), ascending, and
    /// whether the match instruction is among them.
    private mutating func closure(seeds: [Int], atStart: Bool, atEnd: Bool) -> (set: [Int32], matched: Bool) {
        generation += 1
        var set: [Int32] = []
        var stack = self.stack
        defer { self.stack = stack }
        stack.removeAll(keepingCapacity: true)
        for seed in seeds.reversed() { stack.append(seed) }
        while let pc = stack.popLast() {
            if mark[pc] == generation { continue }
            mark[pc] = generation
            steps += 1
            switch program[pc] {
            case .byte: set.append(Int32(pc))
            case let .jump(to): stack.append(to)
            case let .split(a, b):
                stack.append(b)
                stack.append(a)
            case .lineStart: if atStart { stack.append(pc + 1) }
            case .lineEnd:
                if atEnd { stack.append(pc + 1) } else { set.append(Int32(pc)) }
            case .match:
                stack.removeAll(keepingCapacity: true)
                return ([], true)
            }
        }
        set.sort()
        return (set, false)
    }
}
