import FerryCore
@testable import FerryFiles
import Testing

@Suite("Encodings and compression")
struct EncodingTests {
    let scratch = Scratch()

    @Test("Latin-1 input is transcoded to UTF-8")
    func latin1() throws {
        // "name\nJosé,Müller\n" in ISO 8859-1, plus ÿ (0xFF) and a byte order mark that is not one.
        let bytes: [UInt8] = Array("a,b\nJos".utf8) + [0xE9] + Array(",M".utf8) + [0xFC] + Array("ller\n".utf8)
            + [0xFF, 0x2C, 0xEF, 0xBB, 0xBF, 0x0A]
        let r = try scratch.read(bytes: bytes, options: LoadOptions(encoding: .latin1))
        #expect(r.rows == [["José", "Müller"], ["ÿ", "ï»¿"]])
        #expect(r.rejects.isEmpty)
    }

    @Test("a record with invalid UTF-8 is rejected naming the column, without its bytes in the reason")
    func invalidUTF8() throws {
        let bytes: [UInt8] = Array("id,name,city\n1,ok,x\n2,".utf8) + [0x41, 0xC3, 0x28] + Array(",y\n3,\"".utf8) + [0xE2, 0x82]
            + Array("\",z\n4,last,".utf8) + [0xF0, 0x9F, 0x99, 0x82] + Array("\n".utf8)
        let r = try scratch.read(bytes: bytes)
        #expect(r.rows == [["1", "ok", "x"], ["4", "last", "🙂"]])
        #expect(r.rejects.count == 2)
        #expect(r.rejects.map(\.line) == [3, 4])
        #expect(r.rejects.allSatisfy { $0.column == "name" && $0.columnIndex == 2 && $0.reason == "column \"name\" is not valid UTF-8" })
        #expect(r.rejects.first?.record == Array("2,".utf8) + [0x41, 0xC3, 0x28] + Array(",y".utf8))
    }

    @Test("overlong encodings, surrogates and code points above U+10FFFF are invalid UTF-8")
    func strictUTF8() throws {
        let cases: [[UInt8]] = [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x80]]
        for bad in cases {
            let r = try scratch.read(bytes: Array("a\n".utf8) + bad + [0x0A])
            #expect(r.rows.isEmpty)
            #expect(r.rejects.count == 1)
        }
    }

    @Test("an invalid header is a source_format error")
    func invalidHeader() throws {
        let path = scratch.file("h.csv", bytes: [0x61, 0xFF, 0x0A, 0x31, 0x0A])
        let error = ferryError { try DelimitedReader(endpoint: FileEndpoint(path: path, format: .csv), options: LoadOptions()) }
        #expect(error?.code == .sourceFormat)
        #expect(error?.message.contains("not valid UTF-8") == true)
    }

    @Test("gzip input is detected by its magic bytes and inflated, and bytesRead counts compressed bytes")
    func gzipInput() throws {
        var text = "id,word\n"
        for i in 1...5000 { text += "\(i),word \(i) ünïcödé\n" }
        let compressed = try gzip(Array(text.utf8))
        let endpoint = scratch.endpoint("data.csv.gz", bytes: compressed, format: .csv)
        let reader = try DelimitedReader(endpoint: endpoint, options: LoadOptions(), chunkSize: 4096)
        let r = try readAll(reader)
        #expect(r.rows.count == 5000)
        #expect(r.rows.last == ["5000", "word 5000 ünïcödé"])
        #expect(reader.bytesRead == compressed.count)
        #expect(reader.totalBytes == compressed.count)
        try reader.restart()
        #expect(try readAll(reader) == r)
    }

    @Test("a file of several gzip members reads as their concatenation")
    func multiMember() throws {
        let compressed = try gzip(Array("a,b\n1,2\n".utf8)) + gzip(Array("3,4\n".utf8))
        let r = try scratch.read(bytes: compressed, chunkSize: 7)
        #expect(r.rows == [["1", "2"], ["3", "4"]])
    }

    @Test("corrupt or truncated gzip is a source_format error with zlib's message")
    func corruptGzip() throws {
        var compressed = try gzip(Array(String(repeating: "a,b\n1,2\n", count: 100).utf8))
        compressed[12] ^= 0xFF
        compressed[13] ^= 0xFF
        let corrupt = ferryError { try scratch.read(bytes: compressed) }
        #expect(corrupt?.code == .sourceFormat)
        #expect(corrupt?.driver?.system == "zlib")
        #expect(corrupt?.driver?.code == "Z_DATA_ERROR")

        let whole = try gzip(Array(String(repeating: "a,b\n1,2\n", count: 100).utf8))
        let truncated = ferryError { try scratch.read(bytes: Array(whole.prefix(whole.count - 6))) }
        #expect(truncated?.code == .sourceFormat)
        #expect(truncated?.message.contains("unexpected end") == true)
    }

    @Test("compression none reads bytes that look like gzip as they are")
    func compressionNone() throws {
        let bytes: [UInt8] = [0x1F, 0x8B] + Array("xyz\n1\n".utf8)
        let r = try scratch.read(bytes: bytes, options: LoadOptions(encoding: .latin1), compression: .none)
        #expect(r.columns == ["\u{1F}\u{8B}xyz"])
        #expect(r.rows == [["1"]])
        let auto = ferryError { try scratch.read(bytes: bytes, options: LoadOptions(encoding: .latin1)) }
        #expect(auto?.code == .sourceFormat)
    }
}
