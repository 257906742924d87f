import FerryTestSupport
import FerryCore
@testable import FerryPostgres
import Testing

/// The COPY text-format splitter of `PostgresSource`, on lines written by hand.
@Suite("PostgreSQL source text rows")
struct PostgresSourceTextRowsTests {
    func split(_ lines: [String], columns: Int) throws(PostgresTextRows.Problem) -> RawBatch {
        let rows = PostgresTextRows(columnCount: columns)
        var batch = RawBatch()
        for (i, line) in lines.enumerated() {
            try append(line, line: i + 1, rows: rows, to: &batch)
        }
        return batch
    }

    /// Hands `text` to `rows` from a buffer of exactly its bytes, as `PQgetCopyData` would.
    func append(_ text: String, line: Int, rows: PostgresTextRows, to batch: inout RawBatch) throws(PostgresTextRows.Problem) {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        try rows.append(UnsafeRawBufferPointer(rebasing: buffer[0..<bytes.count]), line: line, to: &batch)
    }

    func texts(_ batch: RawBatch) -> [[String?]] {
        (0..<batch.rowCount).map { r in (0..<batch.fieldCount(row: r)).map { batch.text(row: r, column: $0) } }
    }

    @Test("fields split at tabs; \\N is NULL; an empty field is the empty string")
    func plain() throws {
        let batch = try split(["1\tabc\t\\N\t\n", "\t\t\t\n", "a longer first field\tx\ty\tz\n"], columns: 4)
        #expect(texts(batch) == [["1", "abc", nil, ""], ["", "", "", ""], ["a longer first field", "x", "y", "z"]])
        #expect(batch.rowLine == [1, 2, 3])
        #expect(String(decoding: batch.record(row: 0), as: UTF8.self) == "1\tabc\t\\N\t")
    }

    @Test("backslash escapes decode, octal and hex too; the record keeps the raw line")
    func escapes() throws {
        let line = "\\\\\t\\t\\n\\r\\b\\f\\v\t\\101\\1\\0101\t\\x41\\x4a2\\xg\t\\q\\N\\\n"
        let batch = try split([line], columns: 5)
        #expect(texts(batch) == [["\\", "\t\n\r\u{08}\u{0C}\u{0B}", "A\u{01}\u{08}1", "AJ2xg", "qN\\"]])
        #expect(Array(batch.record(row: 0)) == Array(line.utf8.dropLast()))
    }

    @Test("escapes in fields longer than a word, at word edges, decode the same")
    func wordEdges() throws {
        for pad in 0..<17 {
            let prefix = String(repeating: "p", count: pad)
            let batch = try split(["\(prefix)\\t\(prefix)\t\(prefix)\n"], columns: 2)
            #expect(texts(batch) == [["\(prefix)\t\(prefix)", prefix]])
        }
    }

    @Test("a line with the wrong number of fields, or no line feed, is a problem and leaves the batch as it was")
    func problems() throws {
        let rows = PostgresTextRows(columnCount: 2)
        var batch = RawBatch()
        try append("a\tb\n", line: 1, rows: rows, to: &batch)
        let storage = batch.storage
        for (text, problem) in [("a\tb\tc\n", PostgresTextRows.Problem.fieldCount(found: 3)), ("a\n", .fieldCount(found: 1)), ("a\tb", .unterminated)] {
            let error = #expect(throws: PostgresTextRows.Problem.self) {
                try append(text, line: 2, rows: rows, to: &batch)
            }
            #expect(error == problem)
            #expect(batch.rowCount == 1)
            #expect(batch.fieldStart.count == 2)
            #expect(batch.storage == storage)
        }
    }
}
