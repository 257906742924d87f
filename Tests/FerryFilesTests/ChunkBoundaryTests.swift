import FerryCore
@testable import FerryFiles
import Testing

/// Reads the same inputs in chunks of every size from 1 byte up, so every record, field, quote,
/// escape, CRLF and multi-byte character is cut by a chunk boundary somewhere.
@Suite("Records straddling chunk boundaries")
struct ChunkBoundaryTests {
    let scratch = Scratch()

    static let csv: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((
        "id,comment,name\r\n"
        + "1,\"a, \"\"quoted\"\"\r\nvalue\",Дмитрий\r\n"
        + "2,,\"\"\r\n"
        + "3,plain,太郎 🙂\n"
        + "4,\"ab\"x,bad\n"
        + "5,short\n"
        + "6,\"\",\"\"\"\"\n").utf8) + Array("7,".utf8) + [0xC3, 0x28] + Array(",x\n8,last,\"open\nnever closed".utf8)

    static let tsv: [UInt8] = Array((
        "id\tcomment\tname\n"
        + "1\ttab\\there\\\\x\t\\N\r\n"
        + "2\tline\\\nbreak\tСмирнова\n"
        + "3\t\\303\\251\\377\tx\n"
        + "4\t\t\n"
        + "5\tonly two\n"
        + "6\tend\t\\x41").utf8)

    static let jsonl: [UInt8] = Array((
        "{\"id\":1,\"name\":\"Ελένη\",\"tags\":[1,2]}\r\n"
        + "\n"
        + "{\"id\":2,\"extra\":{\"k\":\"v\"},\"name\":null}\n"
        + "not json\n"
        + "   \n"
        + "[1,2]\n"
        + "{\"id\":3.50,\"name\":\"\\u00e9\\\"q\\\"\"}").utf8)

    @Test("CSV reads the same in chunks of any size", arguments: [1, 2, 3, 5, 7, 11, 16, 31])
    func csvChunks(batchSize: Int) throws {
        let options = LoadOptions(batchSize: batchSize)
        let whole = try scratch.read(bytes: Self.csv, options: options)
        #expect(whole.columns == ["id", "comment", "name"])
        #expect(whole.rows == [
            ["1", "a, \"quoted\"\r\nvalue", "Дмитрий"], ["2", nil, ""], ["3", "plain", "太郎 🙂"], ["6", "", "\""],
        ])
        #expect(whole.lines == [2, 4, 5, 8])
        #expect(whole.rejects.map(\.line) == [6, 7, 9, 10])
        #expect(whole.chunkSizes.allSatisfy { $0 <= batchSize })
        for chunkSize in 1...40 {
            let cut = try scratch.read(bytes: Self.csv, options: options, chunkSize: chunkSize)
            #expect(cut == whole, "chunk size \(chunkSize)")
        }
    }

    @Test("CSV without a header reads the same in chunks of any size")
    func csvNoHeaderChunks() throws {
        let text = Array("\"a\r\nb\",2,3\nx,y,z\n".utf8)
        let options = LoadOptions(header: false)
        let whole = try scratch.read(bytes: text, options: options)
        #expect(whole.columns == ["column_1", "column_2", "column_3"])
        #expect(whole.rows == [["a\r\nb", "2", "3"], ["x", "y", "z"]])
        for chunkSize in 1...12 {
            #expect(try scratch.read(bytes: text, options: options, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
        }
    }

    @Test("CSV with a backslash escape reads the same in chunks of any size")
    func escapeChunks() throws {
        let text = Array("a;b\n'x\\'y';'\\\\'\n'\\z';'p''q'\n".utf8)
        let options = LoadOptions(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"), escape: UInt8(ascii: "\\"))
        let whole = try scratch.read(bytes: text, options: options)
        // 'p''q' is not a doubled quote when the escape is a backslash: text after the closing quote.
        #expect(whole.rows == [["x'y", "\\"]])
        #expect(whole.rejects.map(\.line) == [3])
        #expect(whole.rejects.first?.column == "b")
        for chunkSize in 1...12 {
            #expect(try scratch.read(bytes: text, options: options, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
        }
    }

    @Test("TSV reads the same in chunks of any size")
    func tsvChunks() throws {
        let whole = try scratch.read(bytes: Self.tsv, format: .tsv, options: LoadOptions(batchSize: 2))
        #expect(whole.rows == [
            ["1", "tab\there\\x", nil], ["2", "line\nbreak", "Смирнова"], ["4", "", ""], ["6", "end", "A"],
        ])
        #expect(whole.lines == [2, 3, 6, 8])
        #expect(whole.rejects.map(\.line) == [5, 7])
        for chunkSize in 1...40 {
            #expect(try scratch.read(bytes: Self.tsv, format: .tsv, options: LoadOptions(batchSize: 2), chunkSize: chunkSize) == whole,
                    "chunk size \(chunkSize)")
        }
    }

    @Test("Latin-1 reads the same in chunks of any size")
    func latin1Chunks() throws {
        let text: [UInt8] = Array("a,b\n".utf8) + [0xE9, 0x2C, 0xFC, 0xFF, 0x0A, 0x22, 0xC4, 0x0A, 0xD6, 0x22, 0x2C, 0x78]
        let options = LoadOptions(encoding: .latin1)
        let whole = try scratch.read(bytes: text, options: options)
        #expect(whole.rows == [["é", "üÿ"], ["Ä\nÖ", "x"]])
        for chunkSize in 1...12 {
            #expect(try scratch.read(bytes: text, options: options, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
        }
    }

    @Test("JSON Lines reads the same in chunks of any size")
    func jsonlChunks() throws {
        let whole = try scratch.read(bytes: Self.jsonl, format: .jsonl)
        #expect(whole.columns == ["id", "name", "tags", "extra"])
        #expect(whole.rows == [["1", "Ελένη", "[1,2]"], ["2", nil, nil, "{\"k\":\"v\"}"], ["3.50", "é\"q\"", nil, nil]])
        #expect(whole.lines == [1, 3, 7])
        #expect(whole.rejects.map(\.line) == [4, 6])
        for chunkSize in 1...40 {
            #expect(try scratch.read(bytes: Self.jsonl, format: .jsonl, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
        }
    }

    @Test("a record longer than the limit is a source_format error, not unbounded memory")
    func recordLimit() throws {
        let text = Array(("a\n\"" + String(repeating: "x", count: 5000)).utf8)
        let endpoint = scratch.endpoint("long.csv", bytes: text, format: .csv)
        let reader = try DelimitedReader(endpoint: endpoint, options: LoadOptions(), chunkSize: 64, maxRecordBytes: 1000)
        let error = ferryError { try readAll(reader) }
        #expect(error?.code == .sourceFormat)
        #expect(error?.message.contains("line 2") == true)
    }
}
