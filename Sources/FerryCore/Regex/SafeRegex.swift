/// A regular expression compiled for a Pike VM (Thompson's construction run as a set of threads)
/// and searched with a lazily built DFA over that program: matching takes time proportional to
/// the input length times the program size at worst, whatever the pattern, so `(a+)+$` on a long
/// input cannot backtrack catastrophically, and once the DFA states a search needs are built each
/// input byte costs one table look-up.
///
/// Semantics are those of a search: the pattern matches when it matches anywhere in the value
/// (anchor it with `^...$` to test the whole value). Not thread-safe: a matcher keeps its DFA
/// states and thread lists between calls, so each check owns its own.
package struct SafeRegex {
    enum Instruction: Sendable {
        case byte(ByteSet)
        case split(Int, Int)
        case jump(Int)
        case lineStart
        case lineEnd
        case match
    }

    /// The largest program accepted (instructions), which bounds matching time per byte.
    static let maxProgram = 20_000

    let program: [Instruction]
    /// The engine's work in the last `matches` call, which tests bound instead of timing it: one
    /// per DFA transition taken, plus one per instruction visited while building DFA states or
    /// running the Pike VM (at most `program.count` per input byte plus one).
    package internal(set) var steps = 0
    var mark: [Int]
    var generation = 0
    private var current: [Int] = []
    private var next: [Int] = []
    var stack: [Int] = []
    var dfa: DFACache
    /// Searches whose DFA thrashed (flushed its cache too often); past a few, the Pike VM is used alone.
    var thrashed = 0

    /// Compiles `pattern`, or throws with the position of what it cannot take.
    package init(_ pattern: String) throws(RegexSyntaxError) {
        let node = try RegexParser.parse(pattern)
        var compiler = RegexCompiler()
        try compiler.emit(node)
        compiler.program.append(.match)
        program = compiler.program
        mark = Array(repeating: -1, count: program.count)
        dfa = DFACache(program: program)
    }

    /// Whether the pattern matches somewhere in `input`.
    package mutating func matches(_ input: UnsafeRawBufferPointer) -> Bool {
        steps = 0
        if input.isEmpty || thrashed >= Self.thrashLimit { return pikeMatches(input, from: 0, threads: nil) }
        return dfaMatches(input)
    }

    /// Whether the pattern matches somewhere in `text`.
    package mutating func matches(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { matches(UnsafeRawBufferPointer($0)) }
    }

    /// The Pike VM alone (the reference the DFA is tested against).
    mutating func pikeMatches(_ input: UnsafeRawBufferPointer) -> Bool {
        steps = 0
        return pikeMatches(input, from: 0, threads: nil)
    }

    /// Runs the Pike VM from `start`, with `threads` (byte-reading instructions) alive there, or
    /// from the beginning when nil.
    mutating func pikeMatches(_ input: UnsafeRawBufferPointer, from start: Int, threads: [Int]?) -> Bool {
        // The lists leave `self` while matching, so `add` may take them inout.
        var current = self.current
        var next = self.next
        defer {
            self.current = current
            self.next = next
        }
        current.removeAll(keepingCapacity: true)
        generation += 1
        if let threads {
            current.append(contentsOf: threads)
        } else if add(0, at: 0, count: input.count, into: &current) {
            return true
        }
        for pos in start..<input.count {
            let byte = input[pos]
            generation += 1
            next.removeAll(keepingCapacity: true)
            for pc in current {
                if case let .byte(set) = program[pc], set.contains(byte) {
                    if add(pc + 1, at: pos + 1, count: input.count, into: &next) { return true }
                }
            }
            // Unanchored: a match may start at every position.
            if add(0, at: pos + 1, count: input.count, into: &next) { return true }
            swap(&current, &next)
        }
        return false
    }

    /// Follows the empty moves from `pc` at `pos`, adding byte-reading threads to `list`; true
    /// when it reaches the match.
    private mutating func add(_ pc: Int, at pos: Int, count: Int, into list: inout [Int]) -> Bool {
        stack.append(pc)
        while let pc = stack.popLast() {
            if mark[pc] == generation { continue }
            mark[pc] = generation
            steps += 1
            switch program[pc] {
            case .byte: list.append(pc)
            case let .jump(to): stack.append(to)
            case let .split(a, b):
                stack.append(b)
                stack.append(a)
            case .lineStart: if pos == 0 { stack.append(pc + 1) }
            case .lineEnd: if pos == count { stack.append(pc + 1) }
            case .match:
                stack.removeAll(keepingCapacity: true)
                return true
            }
        }
        return false
    }
}

/// Turns a `RegexNode` into Pike VM instructions.
struct RegexCompiler {
    var program: [SafeRegex.Instruction] = []

    mutating func emit(_ node: RegexNode) throws(RegexSyntaxError) {
        guard program.count <= SafeRegex.maxProgram else {
            throw RegexSyntaxError(position: 0, reason: "the pattern is too large once its repeats are expanded (over \(SafeRegex.maxProgram) steps)")
        }
        switch node {
        case .empty: break
        case let .bytes(set): program.append(.byte(set))
        case let .character(ascii, multibyte):
            guard multibyte else { program.append(.byte(ascii)); return }
            let continuation = ByteSet(0x80...0xBF)
            try emit(.alternation([
                .bytes(ascii),
                .sequence([.bytes(ByteSet(0xC2...0xDF)), .bytes(continuation)]),
                .sequence([.bytes(ByteSet(0xE0...0xEF)), .bytes(continuation), .bytes(continuation)]),
                .sequence([.bytes(ByteSet(0xF0...0xF4)), .bytes(continuation), .bytes(continuation), .bytes(continuation)]),
            ]))
        case let .sequence(items):
            for item in items { try emit(item) }
        case let .alternation(branches):
            var jumps: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    try emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .lineStart: program.append(.lineStart)
        case .lineEnd: program.append(.lineEnd)
        case let .repeated(inner, min, max):
            for _ in 0..<min { try emit(inner) }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, -1))
                    try emit(inner)
                }
                for s in splits { program[s] = .split(s + 1, program.count) }
            } else {
                let loop = program.count
                program.append(.split(loop + 1, -1))
                try emit(inner)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }
}
