import FerryCore
import FerryLineage
import Testing

@Suite("YAML subset")
struct YAMLSubsetTests {
    @Test("nested mappings, quoting, comments and CRLF")
    func mappings() throws {
        let value = try YAMLSubset.parse("---\r\na: 1\r\nb:\r\n  c: 'x: y'  # note\r\n  d: \"q\\\"t\"\r\n\r\n  e:\r\nf: g # h\r\n")
        #expect(value == .object([
            ("a", .string("1")),
            ("b", .object([("c", .string("x: y")), ("d", .string("q\"t")), ("e", .null)])),
            ("f", .string("g")),
        ]))
    }

    @Test("unsupported YAML is refused with its line", arguments: [
        ("a: [1, 2]\n", 1), ("a:\n  b: 1\n c: 2\n", 3), ("a: 1\na: 2\n", 2), ("a: 'open\n", 1), ("just text\n", 1),
    ])
    func refused(text: String, line: Int) {
        #expect(throws: YAMLSubset.ParseError.self) { try YAMLSubset.parse(text) }
        do {
            _ = try YAMLSubset.parse(text)
        } catch {
            #expect(error.line == line)
        }
    }
}
