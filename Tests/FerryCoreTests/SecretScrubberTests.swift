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

    @Test("longer secrets are replaced first, so a short one inside a long one leaves nothing of it")
    func longestFirst() {
        #expect(SecretScrubber.scrub("x={ab}} y=ab", ["ab", "{ab}}"]) == "x=*** y=***")
    }
}
