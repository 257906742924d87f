#if canImport(Glibc)
import Glibc
#endif
import FerryCore
@testable import FerryFiles
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    let scratch = Scratch()

    @Test("quoted fields keep delimiters, doubled quotes and line breaks; lines count physical lines")
    func quotedFields() throws {
        let text = "id,comment,n\n1,\"a, b\",x\n2,\"say \"\"hi\"\"\",y\n3,\"two\nlines\",z\n4,\"crlf\r\ninside\",w\n5,plain,v\n"
        let r = try scratch.read(text)
        #expect(r.columns == ["id", "comment", "n"])
        #expect(r.rows == [
            ["1", "a, b", "x"], ["2", "say \"hi\"", "y"], ["3", "two\nlines", "z"],
            ["4", "crlf\r\ninside", "w"], ["5", "plain", "v"],
        ])
        #expect(r.lines == [2, 3, 4, 6, 8])
        #expect(r.records[1] == "2,\"say \"\"hi\"\"\",y")
        #expect(r.records[2] == "3,\"two\nlines\",z")
        #expect(r.rejects.isEmpty)
    }

    @Test("CRLF and LF record ends give the same rows, and a last line without a line end is read")
    func lineEnds() throws {
        let lf = try scratch.read("a,b\n1,2\n3,\"4\"\n5,6")
        let crlf = try scratch.read("a,b\r\n1,2\r\n3,\"4\"\r\n5,6\r\n")
        #expect(lf.rows == [["1", "2"], ["3", "4"], ["5", "6"]])
        #expect(crlf.rows == lf.rows)
        #expect(crlf.records == ["1,2", "3,\"4\"", "5,6"])
        #expect(crlf.lines == [2, 3, 4])
    }

    @Test("a carriage return that does not end a record is data")
    func loneCarriageReturn() throws {
        let r = try scratch.read("a,b\nx\ry,z\n")
        #expect(r.rows == [["x\ry", "z"]])
    }

    @Test("a UTF-8 byte order mark at the start is skipped")
    func byteOrderMark() throws {
        let r = try scratch.read(bytes: [0xEF, 0xBB, 0xBF] + Array("id,name\n1,x\n".utf8))
        #expect(r.columns == ["id", "name"])
        #expect(r.rows == [["1", "x"]])
    }

    @Test("an unquoted empty field is NULL and a quoted empty field an empty string")
    func emptyVersusNull() throws {
        let r = try scratch.read("a,b,c\nx,,z\nx,\"\",z\n,,\n")
        #expect(r.rows == [["x", nil, "z"], ["x", "", "z"], [nil, nil, nil]])
    }

    @Test("custom null markers match unquoted fields only")
    func customNullMarkers() throws {
        let r = try scratch.read("a,b,c\nNULL,\"NULL\",\n", options: LoadOptions(nullMarkers: ["NULL"]))
        #expect(r.rows == [[nil, "NULL", ""]])
    }

    @Test("Cyrillic, CJK and emoji text comes through byte for byte")
    func nonLatinText() throws {
        let r = try scratch.read("имя,名前,emoji\nДмитрий,太郎,\"🙂, 🚀\"\nΣωκράτης,김,✨\n")
        #expect(r.columns == ["имя", "名前", "emoji"])
        #expect(r.rows == [["Дмитрий", "太郎", "🙂, 🚀"], ["Σωκράτης", "김", "✨"]])
    }

    @Test("a custom delimiter, quote and backslash escape are honoured")
    func customDialect() throws {
        let options = LoadOptions(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"), escape: UInt8(ascii: "\\"))
        let r = try scratch.read("a;b;c\n'x;y';'it\\'s';'back\\\\slash'\n'\\n';plain\"quote;'a\\b'\n", options: options)
        #expect(r.rows == [["x;y", "it's", "back\\slash"], ["\\n", "plain\"quote", "a\\b"]])
        #expect(r.rejects.isEmpty)
    }

    @Test("without a header the columns are column_1...column_N and the first record is data")
    func noHeader() throws {
        let r = try scratch.read("1,x\n2,y\n", options: LoadOptions(header: false))
        #expect(r.columns == ["column_1", "column_2"])
        #expect(r.rows == [["1", "x"], ["2", "y"]])
        #expect(r.lines == [1, 2])
    }

    @Test("an empty header name becomes column_N")
    func emptyHeaderName() throws {
        let r = try scratch.read("id,,\"\"\n1,2,3\n")
        #expect(r.columns == ["id", "column_2", "column_3"])
    }

    @Test("duplicate header names are a source_schema error")
    func duplicateHeader() throws {
        let path = scratch.file("dup.csv", "id,name,id\n1,2,3\n")
        let error = ferryError { try DelimitedReader(endpoint: FileEndpoint(path: path, format: .csv), options: LoadOptions()) }
        #expect(error?.code == .sourceSchema)
        #expect(error?.stage == .extract)
        #expect(error?.message.contains("\"id\"") == true)
    }

    @Test("rows with the wrong number of fields are rejected with their line and record")
    func raggedRows() throws {
        let r = try scratch.read("a,b,c\n1,2,3\n1,2\n1,2,3,4\n5,6,7\n")
        #expect(r.rows == [["1", "2", "3"], ["5", "6", "7"]])
        #expect(r.rejects == [
            RejectedRecord(line: 3, reason: "has 2 fields, expected 3", record: Array("1,2".utf8)),
            RejectedRecord(line: 4, reason: "has 4 fields, expected 3", record: Array("1,2,3,4".utf8)),
        ])
    }

    @Test("a blank line is a NULL row with one column and a ragged row with more")
    func blankLines() throws {
        let one = try scratch.read("a\nx\n\ny\n")
        #expect(one.rows == [["x"], [nil], ["y"]])
        let two = try scratch.read("a,b\n1,2\n\n3,4\n")
        #expect(two.rows == [["1", "2"], ["3", "4"]])
        #expect(two.rejects.map(\.line) == [3])
        #expect(two.rejects.first?.reason == "has 1 field, expected 2")
    }

    @Test("an unterminated quoted field at the end of the input is rejected")
    func unterminatedQuote() throws {
        let r = try scratch.read("a,b\n1,2\n3,\"open\nstill open\n")
        #expect(r.rows == [["1", "2"]])
        let reject = try #require(r.rejects.first)
        #expect(reject.line == 3)
        #expect(reject.reason == "unterminated quoted field starting at line 3")
        #expect(reject.column == "b" && reject.columnIndex == 2)
        #expect(reject.record == Array("3,\"open\nstill open".utf8))
    }

    @Test("text after a closing quote rejects the record; the next record is read normally")
    func textAfterQuote() throws {
        let r = try scratch.read("a,b\n\"ab\"x,1\n2,3\n")
        #expect(r.rows == [["2", "3"]])
        #expect(r.rejects.count == 1)
        #expect(r.rejects.first?.column == "a")
        #expect(r.rejects.first?.reason == "column \"a\" has text after its closing quote")
        #expect(r.rejects.first?.record == Array("\"ab\"x,1".utf8))
    }

    @Test("a stray quote inside an unquoted field is kept")
    func strayQuote() throws {
        let r = try scratch.read("a,b\nab\"c,5\"\n")
        #expect(r.rows == [["ab\"c", "5\""]])
    }

    @Test("a batch holds at most batch_size rows")
    func batchSize() throws {
        var text = "n\n"
        for i in 1...25 { text += "\(i)\n" }
        let r = try scratch.read(text, options: LoadOptions(batchSize: 10))
        #expect(r.chunkSizes == [10, 10, 5])
        #expect(r.rows.count == 25)
    }

    @Test("restart reads the same rows again, header skipped")
    func restart() throws {
        let path = scratch.file("r.csv", "a,b\n1,2\n3,4\n")
        let reader = try DelimitedReader(endpoint: FileEndpoint(path: path, format: .csv), options: LoadOptions(batchSize: 1))
        let first = try readAll(reader)
        try reader.restart()
        let second = try readAll(reader)
        #expect(first.rows == [["1", "2"], ["3", "4"]])
        #expect(second == first)
        #expect(reader.bytesRead == 12)
        #expect(reader.totalBytes == 12)
    }

    @Test("an empty file has no columns and no rows")
    func emptyFile() throws {
        let r = try scratch.read("")
        #expect(r.columns.isEmpty)
        #expect(r.rows.isEmpty && r.rejects.isEmpty)
    }

    @Test("a missing file is source_not_found and a directory is source_unreadable with the errno")
    func openErrors() throws {
        let missing = ferryError { try FileSources.open(FileEndpoint(path: scratch.dir.file("nope.csv"), format: .csv), options: LoadOptions()) }
        #expect(missing?.code == .sourceNotFound)
        #expect(missing?.driver?.code == "ENOENT")
        let directory = ferryError { try FileSources.open(FileEndpoint(path: scratch.dir.path, format: .csv), options: LoadOptions()) }
        #expect(directory?.code == .sourceUnreadable)
        #expect(directory?.driver == DriverError(system: "posix", code: "EISDIR", message: directory?.driver?.message ?? ""))
    }

    @Test("a file without read permission is source_unreadable with EACCES",
          .enabled(if: getuid() != 0, "root may read every file, so the permission check cannot fail"))
    func permissionDenied() throws {
        let path = scratch.file("secret.csv", "a\n1\n")
        chmod(path, 0)
        defer { chmod(path, 0o644) }
        let error = ferryError { try FileSources.open(FileEndpoint(path: path, format: .csv), options: LoadOptions()) }
        #expect(error?.code == .sourceUnreadable)
        #expect(error?.driver?.system == "posix" && error?.driver?.code == "EACCES")
    }

    @Test("standard input cannot be restarted")
    func stdinRestart() throws {
        let stdin = try InputFile(path: "-")
        #expect(stdin.size == nil)
        let error = ferryError { try stdin.rewind() }
        #expect(error?.code == .unsupported)
        #expect(error?.message == "stdin cannot be read twice; declare the columns or set infer_rows")
    }
}
