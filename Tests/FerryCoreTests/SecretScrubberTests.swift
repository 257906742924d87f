import FerryCore
import Testing

@Suite("Secret scrubber")
struct SecretScrubberTests {
    @Test("a secret is found by its bytes, even when it starts with a combining mark", arguments: [
        ("password authentication failed for \u{304}pw", "\u{304}pw", "password authentication failed for ***"),
        ("e\u{301}x and e\u{301}x", "\u{301}x", "e*** and e***"),
        ("no secret here", "pw", "no secret here"),
    ])
    func bytes(text: String, secret: String, expected: String) {
        #expect(SecretScrubber.scrub(text, [secret]) == expected)
    }

    @Test("a short secret inside a long one leaves nothing of either")
    func nested() {
        #expect(SecretScrubber.scrub("x={ab}} y=ab", ["ab", "{ab}}"]) == "x=*** y=***")
    }

    /// Found by the fuzz target `redaction`: the DSN value (a secret: it holds `sslpassword=`)
    /// ends with `'word=`, where the value of the attribute after it begins; replacing the longer
    /// secret first left `PWD=canary` of the shorter one in the message.
    @Test("overlapping secrets are hidden together, whichever is longer")
    func overlapping() {
        let long = "postgresql://u:@h/db?sslpassword='word="
        let short = "'word=PWD=Kx9CanaryZPw"
        let message = "cannot connect with DSN=\(long);UID=u;postgresql://u:@h/db?sslpassword=\(short)"
        let scrubbed = SecretScrubber.scrub(message, [short, long])
        #expect(!scrubbed.contains("Kx9Canary") && !scrubbed.contains("word"))
        #expect(scrubbed == "cannot connect with DSN=***;UID=u;***")
        #expect(SecretScrubber.scrub("abcdef", ["abcd", "cdef"]) == "***")
        #expect(SecretScrubber.scrub("ab-cd", ["ab", "cd"]) == "***-***")
    }
}
