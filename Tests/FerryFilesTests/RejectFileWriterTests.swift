import FerryCore
import FerryFiles
import Testing

@Suite("Reject file writer")
struct RejectFileWriterTests {
    let scratch = Scratch()

    @Test("the file is created only when the first record is rejected")
    func lazy() throws {
        let writer = RejectFileWriter(path: scratch.dir.file("r.jsonl"))
        try writer.write([])
        try writer.close()
        #expect(scratch.dir.read("r.jsonl") == nil)
        #expect(writer.path == scratch.dir.file("r.jsonl"))
    }

    @Test("each run truncates the file and writes one JSON line per record")
    func linesAndTruncation() throws {
        let path = scratch.file("r.jsonl", "stale line from an earlier run\n")
        let writer = RejectFileWriter(path: path)
        try writer.write([RejectedRecord(line: 3, column: "qty", columnIndex: 2, reason: "column \"qty\" is not a bigint",
                                         record: Array("2,twenty,\"x\"".utf8))])
        try writer.write([RejectedRecord(line: 7, reason: "has 1 field, expected 2", record: Array("tab\there".utf8))])
        try writer.close()
        try writer.close()
        let text = String(decoding: scratch.dir.read("r.jsonl") ?? [], as: UTF8.self)
        #expect(text == #"""
        {"line":3,"column":"qty","column_index":2,"reason":"column \"qty\" is not a bigint","record":"2,twenty,\"x\""}
        {"line":7,"column":null,"column_index":null,"reason":"has 1 field, expected 2","record":"tab\there"}

        """#)
        for line in text.split(separator: "\n") {
            #expect(throws: Never.self) { try JSONParser.parse(String(line)) }
        }
    }

    @Test("a record that is not valid UTF-8 is kept byte for byte as base64")
    func invalidRecord() throws {
        let path = scratch.dir.file("bad.jsonl")
        let writer = RejectFileWriter(path: path)
        try writer.write([RejectedRecord(line: 1, column: "a", columnIndex: 1, reason: "column \"a\" is not valid UTF-8",
                                         record: [0x61, 0xFF, 0x62, 0x0A])])
        try writer.close()
        let line = try JSONParser.parse(scratch.dir.read("bad.jsonl") ?? [])
        #expect(line["record_base64"] == .string("Yf9iCg=="))
        #expect(line["record"] == nil)
    }

    @Test("a reject file in a missing directory is an error that names it")
    func missingDirectory() throws {
        let writer = RejectFileWriter(path: scratch.dir.file("no/such/r.jsonl"))
        let error = ferryError { try writer.write([RejectedRecord(line: 1, reason: "x", record: [])]) }
        #expect(error?.message.contains("reject file") == true)
        #expect(error?.driver?.code == "ENOENT")
    }
}
