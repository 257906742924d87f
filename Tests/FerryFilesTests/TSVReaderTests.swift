import FerryCore
@testable import FerryFiles
import Testing

@Suite("TSV reader")
struct TSVReaderTests {
    let scratch = Scratch()

    @Test("backslash escapes decode as in PostgreSQL's text format")
    func escapes() throws {
        let text = "a\tb\n" + #"tab\there\nnew\\back\rcr"# + "\t" + #"\b\f\v\101\x42\x4a\q"# + "\n"
        let r = try scratch.read(text, format: .tsv)
        #expect(r.columns == ["a", "b"])
        #expect(r.rows == [["tab\there\nnew\\back\rcr", "\u{08}\u{0C}\u{0B}ABJq"]])
        #expect(r.records == [#"tab\there\nnew\\back\rcr"# + "\t" + #"\b\f\v\101\x42\x4a\q"#])
    }

    @Test(#"\N is NULL only as the whole field; an empty field is an empty string"#)
    func nullMarker() throws {
        let r = try scratch.read("a\tb\tc\n\\N\t\t\\\\N\nx\\N\t\\N\t\n", format: .tsv)
        #expect(r.rows == [[nil, "", "\\N"], ["xN", nil, ""]])
    }

    @Test("quotes are ordinary characters in TSV")
    func quotesAreData() throws {
        let r = try scratch.read("a\tb\n\"x\t\"y\"\n", format: .tsv)
        #expect(r.rows == [["\"x", "\"y\""]])
    }

    @Test("a backslash before a line break makes it data; CRLF ends records")
    func escapedLineBreak() throws {
        let r = try scratch.read("a\tb\r\n1\\\n2\t3\r\n4\t5\r\n", format: .tsv)
        #expect(r.rows == [["1\n2", "3"], ["4", "5"]])
        #expect(r.lines == [2, 4])
    }

    @Test("an octal escape that makes invalid UTF-8 rejects the record, naming the column")
    func escapedInvalidUTF8() throws {
        let r = try scratch.read("a\tb\nok\t\\377\n\\303\\251\tfine\n", format: .tsv)
        #expect(r.rows == [["é", "fine"]])
        #expect(r.rejects.count == 1)
        #expect(r.rejects.first?.column == "b" && r.rejects.first?.columnIndex == 2)
        #expect(r.rejects.first?.reason == "column \"b\" is not valid UTF-8")
    }

    @Test("ragged TSV rows are rejected")
    func ragged() throws {
        let r = try scratch.read("a\tb\n1\t2\t3\n4\t5\n", format: .tsv)
        #expect(r.rows == [["4", "5"]])
        #expect(r.rejects.first?.reason == "has 3 fields, expected 2")
    }

    @Test("a backslash at the very end of the input rejects the last record")
    func danglingBackslash() throws {
        let r = try scratch.read("a\n1\nx\\", format: .tsv)
        #expect(r.rows == [["1"]])
        #expect(r.rejects.map(\.line) == [3])
        #expect(r.rejects.first?.column == "a")
    }

    @Test("a custom delimiter is escaped by a backslash")
    func customDelimiter() throws {
        let r = try scratch.read("a|b\nx\\|y|z\n", format: .tsv, options: LoadOptions(delimiter: UInt8(ascii: "|")))
        #expect(r.rows == [["x|y", "z"]])
    }
}
