@testable import FerryCore
import Testing

@Suite("Safe regular expressions")
struct SafeRegexTests {
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        var regex = try SafeRegex(pattern)
        return regex.matches(text)
    }

    @Test("common syntax matches as a search", arguments: [
        ("abc", "xxabcxx", true), ("^abc$", "xxabcxx", false), ("^abc$", "abc", true),
        ("^a.c$", "abc", true), ("^a.c$", "a\nc", false), ("^a.c$", "aéc", true),
        ("^[a-c]+$", "abcab", true), ("^[a-c]+$", "abd", false), ("^[^0-9]+$", "abé", true), ("^[^0-9]+$", "a1", false),
        ("^\\d{3}-\\d{4}$", "555-1234", true), ("^\\d{3}-\\d{4}$", "55-1234", false),
        ("^a{2,3}$", "a", false), ("^a{2,3}$", "aa", true), ("^a{2,3}$", "aaaa", false), ("^a{2,}$", "aaaaa", true),
        ("^(cat|dog)s?$", "dogs", true), ("^(?:cat|dog)s?$", "cow", false), ("colou?r", "color", true),
        ("^\\w+@\\w+\\.com$", "me@site.com", true), ("^\\s*$", "  \t", true), ("^[\\d.]+$", "1.5", true),
        ("^[a\\-z]$", "-", true), ("^x*$", "", true), ("^(a*)*$", "aaa", true), ("^\\.$", "x", false),
        ("^é+$", "ééé", true), ("^[-a]$", "-", true), ("^a|b$", "xb", true),
    ])
    func syntax(_ pattern: String, _ text: String, _ expected: Bool) throws {
        #expect(try matches(pattern, text) == expected)
    }

    @Test("unsupported or broken patterns are refused with their position", arguments: [
        ("(a", 0, "missing )"), ("a)", 1, "unmatched )"), ("[abc", 0, "missing ]"), ("*a", 0, "nothing to repeat"),
        ("a{2", 1, "expected {m}, {m,} or {m,n}"), ("(a)\\1", 3, "backreferences are not supported"),
        ("(?=a)", 0, "only (?:...) groups are supported (no lookaround, named groups or flags)"),
        ("\\bword", 0, "word boundaries are not supported"), ("[z-a]", 1, "range out of order"),
        ("a{3,1}", 1, "{m,n} needs m <= n"), ("[é]", 1, "non-ASCII characters in a class are not supported"),
        ("a\\", 1, "trailing backslash"), ("\\q", 0, "unknown escape"),
    ])
    func refused(_ pattern: String, _ position: Int, _ reason: String) {
        #expect(throws: RegexSyntaxError(position: position, reason: reason)) { try SafeRegex(pattern) }
    }

    @Test("(a+)+$ on a long non-matching input does linear work, not exponential")
    func pathological() throws {
        var regex = try SafeRegex("(a+)+$")
        let input = String(repeating: "a", count: 20_000) + "!"
        #expect(try SafeRegex("^(a+)+$").program.count < 16)
        var anchored = try SafeRegex("^(a+)+$")
        let anchoredMatched = anchored.matches(input)
        #expect(!anchoredMatched)
        // Each input byte takes one DFA transition and visits each instruction at most once
        // while its state is built (plus the start).
        #expect(anchored.steps <= (input.utf8.count + 1) * (anchored.program.count + 1))
        let matched = regex.matches(input)
        #expect(!matched)
        #expect(regex.steps <= (input.utf8.count + 1) * (regex.program.count + 1))
        let nested = try SafeRegex("^(a|a)*(a|aa)*b$")
        var n = nested
        let nestedMatched = n.matches(String(repeating: "a", count: 5_000))
        #expect(!nestedMatched)
        #expect(n.steps <= 5_001 * (nested.program.count + 1))
    }

    @Test("huge expanded repeats are refused instead of compiled")
    func tooLarge() {
        #expect(throws: RegexSyntaxError.self) { try SafeRegex("(((a{1000}){1000}){1000})") }
    }
}
