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

@Suite("YAML subset, typed (checks files)")
struct YAMLSubsetTypedTests {
    @Test("block lists of mappings, flow lists and typed plain scalars")
    func lists() throws {
        let text = """
        checks:
          - name: a
            rule: range
            min: 0
            max: 1.5e3
            inclusive: true
            note: ~
          - rule: in_set
            values: [open, "closed, shut", 3, false]
        - x
        """
        #expect(throws: YAMLSubset.ParseError.self) { try YAMLSubset.parse(text, typed: true) }
        let good = try YAMLSubset.parse(String(text.dropLast(4)), typed: true)
        #expect(good.serialized() == #"{"checks":[{"name":"a","rule":"range","min":0,"max":1.5e3,"inclusive":true,"note":null},{"rule":"in_set","values":["open","closed, shut",3,false]}]}"#)
        let bare = try YAMLSubset.parse("- a\n- '1'\n- 1\n", typed: true)
        #expect(bare.serialized() == #"["a","1",1]"#)
        let sameIndent = try YAMLSubset.parse("checks:\n- rule: unique\n  columns: [id]\n", typed: true)
        #expect(sameIndent.serialized() == #"{"checks":[{"rule":"unique","columns":["id"]}]}"#)
    }

    @Test("untyped parsing still refuses lists and keeps scalars as strings")
    func untyped() throws {
        #expect(throws: YAMLSubset.ParseError.self) { try YAMLSubset.parse("a:\n  - b\n") }
        #expect(try YAMLSubset.parse("a: 1\n").serialized() == #"{"a":"1"}"#)
    }
}
