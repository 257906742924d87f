import FerryCore
@testable import FerryFiles
import Testing

/// The fast path of the JSON Lines reader (`JSONLinesScanner`) against the general path
/// (`JSONParser` for every line): the same columns, fields, lines, records and rejects, on
/// hand-picked lines and on seeded random ones, in chunks of several sizes and in both passes.
@Suite("JSON Lines fast path")
struct JSONLinesScannerTests {
    let scratch = Scratch()

    /// Both passes of a load (read, restart, fix the columns, read again) and how many lines the
    /// fast path took.
    struct Passes: Equatable {
        var first: ReadResult
        var second: ReadResult
    }

    func passes(_ bytes: [UInt8], fastPath: Bool, chunkSize: Int = 1 << 20, options: LoadOptions = LoadOptions()) throws -> (Passes, Int) {
        let endpoint = scratch.endpoint("in.jsonl", bytes: bytes, format: .jsonl)
        let reader = try JSONLinesReader(endpoint: endpoint, options: options, chunkSize: chunkSize, fastPath: fastPath)
        let first = try readAll(reader)
        try reader.restart()
        reader.fixColumns(first.columns)
        let second = try readAll(reader)
        return (Passes(first: first, second: second), reader.fastLines)
    }

    /// Reads `bytes` both ways and expects the same; returns the fast read and its fast line count.
    @discardableResult
    func expectSame(_ bytes: [UInt8], chunkSizes: [Int] = [1 << 20], options: LoadOptions = LoadOptions(),
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> (ReadResult, Int) {
        let (general, none) = try passes(bytes, fastPath: false, options: options)
        #expect(none == 0, sourceLocation: sourceLocation)
        var fastCount = 0
        for chunkSize in chunkSizes {
            let (fast, count) = try passes(bytes, fastPath: true, chunkSize: chunkSize, options: options)
            #expect(fast == general, "chunk size \(chunkSize)", sourceLocation: sourceLocation)
            fastCount = count
        }
        return (general.first, fastCount)
    }

    @Test("lines in a stable key order take the fast path and read as the general path reads them")
    func stableOrder() throws {
        let text = """
        {"id":1,"name":"Ελένη","price":12.50,"ok":true,"none":null}
        {"id":2,"name":"plain","price":-0.5e-3,"ok":false,"none":null}
        { "id" : 3 ,	"name" : "x" , "price" : 0 , "ok" : true , "none" : 7 }\r
        {"id":4,"name":"","price":1E+2,"ok":false,"none":"s"}

        """
        let (r, fast) = try expectSame(Array(text.utf8), chunkSizes: [1, 2, 3, 7, 16, 1 << 20])
        #expect(r.rows == [
            ["1", "Ελένη", "12.50", "true", nil],
            ["2", "plain", "-0.5e-3", "false", nil],
            ["3", "x", "0", "true", "7"],
            ["4", "", "1E+2", "false", "s"],
        ])
        #expect(r.records[2] == "{ \"id\" : 3 ,\t\"name\" : \"x\" , \"price\" : 0 , \"ok\" : true , \"none\" : 7 }")
        // The first line of each pass teaches the key order; the other three take the fast path.
        #expect(fast == 6)
    }

    @Test("a key order change mid-file, a missing, an extra and a duplicate key go to the general path")
    func orderChanges() throws {
        let text = """
        {"a":1,"b":"x"}
        {"a":2,"b":"y"}
        {"b":"z","a":3}
        {"b":"w","a":4}
        {"a":5}
        {"a":6,"b":"v","c":[1,2]}
        {"a":7,"b":"u","c":null}
        {"a":8,"b":"t","b":"t"}
        {"a":9,"a":9,"c":null}
        {"a":10,"b":"s","c":{}}

        """
        let (r, fast) = try expectSame(Array(text.utf8), chunkSizes: [1, 5, 1 << 20])
        #expect(r.columns == ["a", "b", "c"])
        #expect(r.rows == [
            ["1", "x"], ["2", "y"], ["3", "z"], ["4", "w"], ["5", nil],
            ["6", "v", "[1,2]"], ["7", "u", nil], ["10", "s", "{}"],
        ])
        #expect(r.rejects.map(\.line) == [8, 9])
        #expect(r.rejects.allSatisfy { $0.reason.hasPrefix("invalid JSON at column ") && $0.reason.contains("duplicate key") })
        #expect(fast > 0)
    }

    @Test("escapes, unicode escapes and surrogate pairs are unescaped; bad ones are rejected as the parser says")
    func escapes() throws {
        let text = #"""
        {"s":"plain","t":1}
        {"s":"q\"b\\s\/f\bf\fn\nr\rt\t","t":2}
        {"s":"\u00e9\u263A\uD83D\uDE00\u0000x","t":3}
        {"s":"lone \uD83D here","t":4}
        {"s":"low \uDE00","t":5}
        {"s":"bad \x","t":6}
        {"s":"short \u12","t":7}
        {"s":"tab	raw","t":8}
        {"s":"\uD83D\u0041","t":9}
        {"s":"end\\","t":10}
        """#
        let (r, fast) = try expectSame(Array(text.utf8), chunkSizes: [1, 3, 1 << 20])
        #expect(r.rows == [
            ["plain", "1"], ["q\"b\\s/f\u{8}f\u{C}n\nr\rt\t", "2"], ["é☺😀\u{0}x", "3"], ["end\\", "10"],
        ])
        #expect(r.rejects.map(\.line) == [4, 5, 6, 7, 8, 9])
        #expect(fast > 0)
    }

    @Test("nested objects and arrays become their compact JSON text; invalid or too deep ones are rejected")
    func nested() throws {
        let deep = String(repeating: "[", count: 255) + String(repeating: "]", count: 255)
        let deeper = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        let text = """
        {"n":{"a":1},"m":[]}
        {"n":{ "b" : [ 1 , { "c" : "}]\\"" } ] , "a":"\\u00e9\\u007f" },"m":[ "x" , null ]}
        {"n":{"a":1,"a":2},"m":[]}
        {"n":{"a":1},"m":[1,]}
        {"n":\(deep),"m":[]}
        {"n":\(deeper),"m":[]}
        {"n":{"a":"\u{7F}"},"m":[]}

        """
        let (r, fast) = try expectSame(Array(text.utf8), chunkSizes: [1, 4, 1 << 20])
        #expect(r.rows.count == 4)
        #expect(r.rows[1] == ["{\"b\":[1,{\"c\":\"}]\\\"\"}],\"a\":\"é\\u007f\"}", "[\"x\",null]"])
        #expect(r.rows[2] == [deep, "[]"])
        #expect(r.rows[3] == ["{\"a\":\"\\u007f\"}", "[]"])
        #expect(r.rejects.map(\.line) == [3, 4, 6])
        #expect(fast > 0)
    }

    @Test("invalid UTF-8, a truncated last line, blank lines and CRLF read as in the general path")
    func rawBytes() throws {
        var bytes = Array("{\"a\":\"x\",\"b\":1}\r\n\r\n   \n{\"a\":\"".utf8) + [0xC3, 0x28]
        bytes += Array("\",\"b\":2}\r\n{\"a\":\"y\",\"b\":3}\n{\"a\":\"é\",\"b\":4}\r\n".utf8)
        bytes += [0xFF] + Array("{\"a\":\"z\",\"b\":5}\n{\"a\":\"w\",\"b\":6}\n{\"a\":\"trunc".utf8)
        let (r, fast) = try expectSame(bytes, chunkSizes: [1, 2, 6, 1 << 20])
        #expect(r.rows == [["x", "1"], ["y", "3"], ["é", "4"], ["w", "6"]])
        #expect(r.lines == [1, 5, 6, 8])
        #expect(r.rejects.map(\.line) == [4, 7, 9])
        #expect(fast > 0)
    }

    @Test("NFC and NFD spellings of a key stay two columns on the fast path")
    func canonicalTwins() throws {
        let nfc = "caf\u{E9}"
        let nfd = "cafe\u{301}"
        let text = "{\"\(nfc)\":1,\"\(nfd)\":2}\n{\"\(nfc)\":3,\"\(nfd)\":4}\n{\"\(nfd)\":5,\"\(nfc)\":6}\n{\"\(nfd)\":7,\"\(nfc)\":8}\n"
        let (r, fast) = try expectSame(Array(text.utf8), chunkSizes: [1, 1 << 20])
        #expect(r.columns.map { Array($0.utf8) } == [Array(nfc.utf8), Array(nfd.utf8)])
        #expect(r.rows == [["1", "2"], ["3", "4"], ["6", "5"], ["8", "7"]])
        #expect(fast > 0)
    }

    @Test("after fixColumns the fast path follows the fixed columns and an unknown key is rejected")
    func fixedColumns() throws {
        let path = scratch.file("f.jsonl", "{\"a\":1,\"b\":2}\n{\"a\":3,\"b\":4}\n{\"a\":5,\"c\":6}\n{\"a\":7,\"b\":8}\n")
        let reader = try JSONLinesReader(endpoint: FileEndpoint(path: path, format: .jsonl), options: LoadOptions(), chunkSize: 1 << 20)
        _ = try readAll(reader)
        try reader.restart()
        reader.fixColumns(["b", "a"])
        let fixed = try readAll(reader)
        #expect(fixed.rows == [["2", "1"], ["4", "3"], ["8", "7"]])
        #expect(fixed.rejects.map(\.reason) == ["unknown field \"c\""])
        #expect(reader.fastLines > 0)
    }

    @Test("random lines read the same on the fast and the general path", arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomLines(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        var bytes: [UInt8] = []
        var order = ["id", "name", "n", "flag", "v"]
        for _ in 0..<400 {
            bytes += Self.randomLine(keys: &order, rng: &rng)
        }
        if Bool.random(using: &rng) { bytes.removeLast(Int.random(in: 1...5, using: &rng)) }
        var options = LoadOptions()
        options.batchSize = [1, 7, 10_000][Int(seed % 3)]
        let (_, fast) = try expectSame(bytes, chunkSizes: [1 << 20, Int.random(in: 1...64, using: &rng)], options: options)
        #expect(fast > 100)
    }

    /// A line that usually repeats `keys`' order with random values, and sometimes changes it,
    /// drops, adds or repeats a key, adds whitespace, escapes, nesting or a syntax error.
    static func randomLine(keys: inout [String], rng: inout SplitMix64) -> [UInt8] {
        if Int.random(in: 0..<25, using: &rng) == 0 { keys.shuffle(using: &rng) }
        var members = keys
        switch Int.random(in: 0..<40, using: &rng) {
        case 0: members.remove(at: Int.random(in: 0..<members.count, using: &rng))
        case 1: members.append(["extra", "é", "e\u{301}", "k\\u0041"].randomElement(using: &rng)!)
        case 2: members.append(members[0])
        case 3: return Array("\r\n".utf8)
        case 4: return Array(["[1]", "{", "nul", "{\"id\":}", "  ", "\"s\""].randomElement(using: &rng)!.utf8) + [0x0A]
        default: break
        }
        var out = "{"
        let space = Int.random(in: 0..<10, using: &rng) == 0 ? " \t" : ""
        for (index, key) in members.enumerated() {
            if index > 0 { out += space + "," + space }
            out += "\"\(key)\"" + space + ":" + space + randomValue(rng: &rng, depth: 0)
        }
        out += space + "}"
        if Int.random(in: 0..<15, using: &rng) == 0 { out += "\r" }
        return Array(out.utf8) + [0x0A]
    }

    static func randomValue(rng: inout SplitMix64, depth: Int) -> String {
        let pick = Int.random(in: 0..<(depth > 2 ? 9 : 24), using: &rng)
        switch pick {
        case 11...: return Bool.random(using: &rng) ? "\"v\(pick)\"" : String(pick * 37)
        case 0: return "null"
        case 1: return Bool.random(using: &rng) ? "true" : "false"
        case 2: return String(Int.random(in: -1_000_000...1_000_000, using: &rng))
        case 3: return ["0", "-0", "1.5", "2e10", "-3.25E-2", "01", "1.", "-", "1e", ".5", "truex", "nulll"].randomElement(using: &rng)!
        case 4: return "\"" + ["plain", "Ελένη 太郎 🙂", "", "a,b", "\u{7F}"].randomElement(using: &rng)! + "\""
        case 5, 6:
            let pieces = ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\uD83D\\uDE00",
                          "\\uD83D", "\\uDE00", "\\u12", "\\x", "x", "é", "\t"]
            var s = "\""
            for _ in 0..<Int.random(in: 1...4, using: &rng) { s += pieces.randomElement(using: &rng)! }
            return s + "\""
        case 7: return String(Int.random(in: 0...9, using: &rng))
        case 8: return Int.random(in: 0..<4, using: &rng) == 0 ? "\"unterminated" : "\"terminated\""
        case 9:
            let count = Int.random(in: 0...3, using: &rng)
            return "[" + (0..<count).map { _ in " " + randomValue(rng: &rng, depth: depth + 1) }.joined(separator: ",") + "]"
        default:
            let count = Int.random(in: 0...3, using: &rng)
            return "{" + (0..<count).map { k in "\"k\(k % 2)\": " + randomValue(rng: &rng, depth: depth + 1) }.joined(separator: ",") + " }"
        }
    }
}
