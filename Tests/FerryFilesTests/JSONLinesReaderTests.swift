import FerryCore
@testable import FerryFiles
import Testing

@Suite("JSON Lines reader")
struct JSONLinesReaderTests {
    let scratch = Scratch()

    @Test("keys become columns in order of first appearance; values become their exact text")
    func keysAndValues() throws {
        let text = """
        {"id":1,"price":12.50,"big":123456789012345678901234567890,"ok":true,"no":false,"none":null}
        {"price":-0.0,"id":2,"note":"line\\nbreak \\"q\\" \\u263A","ok":false}
        {"nested":{"b":[1,{"c":null}],"a":"x"},"list":[ 1 , "two" ]}

        """
        let r = try scratch.read(text, format: .jsonl)
        #expect(r.columns == ["id", "price", "big", "ok", "no", "none", "note", "nested", "list"])
        #expect(r.rows == [
            ["1", "12.50", "123456789012345678901234567890", "true", "false", nil],
            ["2", "-0.0", nil, "false", nil, nil, "line\nbreak \"q\" ☺"],
            [nil, nil, nil, nil, nil, nil, nil, "{\"b\":[1,{\"c\":null}],\"a\":\"x\"}", "[1,\"two\"]"],
        ])
        #expect(r.lines == [1, 2, 3])
    }

    @Test("invalid lines, non-objects and duplicate keys are rejected with the parser's column")
    func invalidLines() throws {
        let text = "{\"a\":1}\n{\"a\":}\n42\n{\"a\":1,\"a\":2}\n{\"a\":3}\n"
        let r = try scratch.read(text, format: .jsonl)
        #expect(r.rows == [["1"], ["3"]])
        #expect(r.rejects.map(\.line) == [2, 3, 4])
        #expect(r.rejects[0].reason == "invalid JSON at column 6: unexpected character")
        #expect(r.rejects[0].record == Array("{\"a\":}".utf8))
        #expect(r.rejects[1].reason == "is a JSON number, not an object")
        #expect(r.rejects[2].reason.hasPrefix("invalid JSON at column 8: duplicate key"))
    }

    @Test("after fixColumns, rows follow the fixed names and unknown keys are rejected")
    func fixedColumns() throws {
        let path = scratch.file("f.jsonl", "{\"a\":1,\"b\":2}\n{\"b\":3}\n{\"a\":4,\"c\":5}\n")
        let reader = try JSONLinesReader(endpoint: FileEndpoint(path: path, format: .jsonl), options: LoadOptions())
        let discovered = try readAll(reader)
        #expect(discovered.columns == ["a", "b", "c"])
        reader.fixColumns(["b", "a"])
        try reader.restart()
        let fixed = try readAll(reader)
        #expect(fixed.columns == ["b", "a"])
        #expect(fixed.rows == [["2", "1"], ["3", nil]])
        #expect(fixed.rejects.map(\.line) == [3])
        #expect(fixed.rejects.first?.reason == "unknown field \"c\"")
    }

    @Test("invalid UTF-8 inside a string rejects the line")
    func invalidUTF8() throws {
        let bytes = Array("{\"a\":\"".utf8) + [0xFF] + Array("\"}\n{\"a\":\"ok\"}\n".utf8)
        let r = try scratch.read(bytes: bytes, format: .jsonl)
        #expect(r.rows == [["ok"]])
        #expect(r.rejects.first?.reason.contains("invalid UTF-8") == true)
    }

    @Test("gzip JSON Lines are inflated")
    func gzipped() throws {
        let r = try scratch.read(bytes: try gzip(Array("{\"a\":1}\n{\"a\":2}".utf8)), format: .jsonl)
        #expect(r.rows == [["1"], ["2"]])
    }
}
