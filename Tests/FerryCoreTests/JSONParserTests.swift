import Testing
@testable import FerryCore

@Suite("JSON parser")
struct JSONParserTests {
    @Test("keeps key order and exact number text")
    func orderAndNumbers() throws {
        let v = try JSONParser.parse(#"{"b": 0.10, "a": 123456789012345678901234567890, "c": [true, null, "x"]}"#)
        #expect(v.serialized() == #"{"b":0.10,"a":123456789012345678901234567890,"c":[true,null,"x"]}"#)
    }

    @Test("decodes escapes and surrogate pairs")
    func escapes() throws {
        let v = try JSONParser.parse(#""a\"b\\c\n\u00e9\ud83d\ude00""#)
        #expect(v == .string("a\"b\\c\né😀"))
        #expect(v.serialized() == "\"a\\\"b\\\\c\\né😀\"")
    }

    @Test("rejects malformed documents", arguments: [
        "{\"a\":1,}", "[1 2]", "01", "{\"a\":1,\"a\":2}", "\"\\x\"", "\"\u{01}\"", "tru", "{} x", "\"\\ud800\"",
    ])
    func rejects(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }
}
