@testable import FerryCore
import Testing

/// The lazy DFA against the Pike VM it is built from: the same answer on random patterns and
/// inputs, with the cache large, tiny (flushing) and thrashing (finishing on the Pike VM).
@Suite("Safe regular expressions: lazy DFA")
struct SafeRegexDFATests {
    /// A small deterministic generator (Knuth's MMIX linear congruence; the high bits).
    struct Mix {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    static func pattern(_ rng: inout Mix, depth: Int = 0) -> String {
        let atoms = ["a", "b", "c", ".", "[ab]", "[^a]", "é", "\\d", "^", "$", "(?:)"]
        var out = ""
        for _ in 0..<(1 + rng.next(4)) {
            var atom = depth < 3 && rng.next(4) == 0
                ? "(" + pattern(&rng, depth: depth + 1) + "|" + pattern(&rng, depth: depth + 1) + ")"
                : atoms[rng.next(atoms.count)]
            if atom != "^", atom != "$" {
                atom += ["", "", "*", "+", "?", "{2}", "{1,3}", "{0,}"][rng.next(8)]
            }
            out += atom
        }
        return out
    }

    static func input(_ rng: inout Mix) -> String {
        let pieces = ["a", "b", "c", "1", "\n", "é", "aa", "ab"]
        return (0..<rng.next(12)).map { _ in pieces[rng.next(pieces.count)] }.joined()
    }

    private func compare(seed: UInt64, patterns: Int, tune: (inout SafeRegex) -> Void) throws -> (Int, Int) {
        var rng = Mix(state: seed)
        var matched = 0, checked = 0
        for _ in 0..<patterns {
            let source = Self.pattern(&rng)
            guard var dfa = try? SafeRegex(source) else { continue }
            tune(&dfa)
            var pike = dfa
            for _ in 0..<40 {
                var text = Self.input(&rng)
                let (fast, slow) = text.withUTF8 { bytes in
                    let raw = UnsafeRawBufferPointer(bytes)
                    return (dfa.matches(raw), pike.pikeMatches(raw))
                }
                #expect(fast == slow, "pattern \(source) on \(text.debugDescription)")
                checked += 1
                if slow { matched += 1 }
            }
        }
        return (matched, checked)
    }

    @Test("the DFA answers as the Pike VM on random patterns and inputs")
    func agrees() throws {
        let (matched, checked) = try compare(seed: 17, patterns: 600) { _ in }
        // Both answers occur often enough for the comparison to mean something.
        #expect(checked > 10_000)
        #expect(matched > checked / 10 && matched < checked * 9 / 10)
    }

    @Test("a tiny cache flushes and still answers as the Pike VM")
    func flushing() throws {
        var flushed = 0
        _ = try compare(seed: 18, patterns: 300) { regex in
            regex.dfa.maxStates = 3
        }
        var regex = try SafeRegex("(a|b)*a(a|b)(a|b)(a|b)")
        regex.dfa.maxStates = 4
        for k in 0..<64 {
            let text = (0..<10).map { (k >> ($0 % 6)) & 1 == 0 ? "a" : "b" }.joined()
            var pike = regex
            let agree = regex.matches(text) == pike.pikeMatches(text)
            #expect(agree)
            flushed = regex.dfa.flushes
        }
        #expect(flushed > 0)
    }

    @Test("a thrashing cache finishes the search on the Pike VM, then stops using the DFA")
    func thrashing() throws {
        var regex = try SafeRegex("(a|b)*a(a|b)(a|b)(a|b)(a|b)(a|b)")
        regex.dfa.maxStates = 2
        var text = (0..<400).map { $0 % 3 == 0 ? "b" : "a" }.joined() + "b"
        var pike = regex
        let expected = pike.pikeMatches(text)
        for _ in 0..<SafeRegex.thrashLimit {
            let found2 = regex.matches(text)
            #expect(found2 == expected)
        }
        #expect(regex.thrashed == SafeRegex.thrashLimit)
        text = "bbbbbbb"
        let found3 = regex.matches(text)
        #expect(!found3)
        let found4 = regex.matches("ababab")
        #expect(found4)
    }

    @Test("once its states are built, a search costs one step per byte")
    func cached() throws {
        var regex = try SafeRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        let uuid = "bdd640fb-0667-4ad1-9c80-317fa3b1799d"
        let found5 = regex.matches(uuid)
        #expect(found5)
        #expect(regex.steps > uuid.utf8.count)
        let found6 = regex.matches(uuid)
        #expect(found6)
        #expect(regex.steps == uuid.utf8.count)
        let found7 = regex.matches("6b65a6a4-8b81-48f6-938a-088ca65ed38")
        #expect(!found7)
        // Anchored: a wrong first byte ends the search at once (no thread is left).
        let found8 = regex.matches("x" + uuid)
        #expect(!found8)
        #expect(regex.steps <= 2 + regex.program.count)
    }
}

extension SafeRegex {
    mutating func pikeMatches(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { pikeMatches($0) }
    }
}
