import FerryCore
import FerryTestSupport
import Foundation
import Testing
@testable import FerryParquet

@Suite("Parquet source")
struct ParquetSourceTests {
    /// Every type Ferry writes, with the text the reader must give back for each value.
    private static let schema = testSchema([
        ("id", .bigint), ("ratio", .double), ("flag", .boolean), ("day", .date), ("at", .timestamp),
        ("instant", .timestamptz), ("key", .uuid), ("doc", .json), ("name", .text),
        ("small", .decimal(precision: 9, scale: 2)), ("medium", .decimal(precision: 18, scale: 4)),
        ("wide", .decimal(precision: 38, scale: 10)), ("free", .anyDecimal),
    ], notNull: ["id"])

    private static let values: [[TestValue?]] = [
        [.int(1), .double(1.5), .int(1), .int(19782), .int(1_709_164_800_123_456), .int(0),
         .text("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), .text("{\"a\":[1,2]}"), .text("Zoë ☃ 日本"),
         .text("-12.50"), .text("99999999999999.9999"), .text("-12345678901234567890.0123456789"), .text("3.14159")],
        [.int(-9_223_372_036_854_775_808), .double(-0.000123), .int(0), .int(-25567), .int(-1), .int(-86_400_000_000 * 365),
         .text("00000000-0000-0000-0000-000000000000"), .text("[]"), .text(""),
         .text("0.01"), .text("-0.0001"), .text("0.0000000001"), .text("-7")],
        [.int(3), nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil],
    ]

    private static let expected: [[String?]] = [
        ["1", "1.5", "true", "2024-02-29", "2024-02-29 00:00:00.123456", "1970-01-01 00:00:00Z",
         "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "{\"a\":[1,2]}", "Zoë ☃ 日本",
         "-12.50", "99999999999999.9999", "-12345678901234567890.0123456789", "3.14159"],
        ["-9223372036854775808", "-0.000123", "false", "1900-01-01", "1969-12-31 23:59:59.999999", "1969-01-01 00:00:00Z",
         "00000000-0000-0000-0000-000000000000", "[]", "",
         "0.01", "-0.0001", "0.0000000001", "-7"],
        ["3", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil],
    ]

    private func write(_ path: String, codec: ParquetCodec = .zstd, rowGroupRows: Int = 1000, copies: Int = 1) throws {
        var rows: [[TestValue?]] = []
        for _ in 0..<copies { rows += Self.values }
        _ = try load(ParquetSink(endpoint: ParquetEndpoint(path: path, compression: codec, rowGroupRows: rowGroupRows)),
                     Self.schema, mode: .create, [testBatch(Self.schema, rows)])
    }

    /// Every row of `source`, as texts.
    private func readAll(_ source: ParquetSource) throws -> [[String?]] {
        var rows: [[String?]] = []
        while let chunk = try source.next() {
            for r in 0..<chunk.rows.rowCount {
                #expect(chunk.rows.fieldCount(row: r) == source.columns.count)
                rows.append((0..<source.columns.count).map { chunk.rows.text(row: r, column: $0) })
            }
        }
        return rows
    }

    @Test("every type Ferry writes reads back as the same canonical text, with each codec", arguments: ParquetCodec.allCases)
    func roundTrip(codec: ParquetCodec) throws {
        let dir = TemporaryDirectory()
        let path = dir.file("all.parquet")
        try write(path, codec: codec)
        let source = try ParquetSource(endpoint: .source(path: path), batchSize: 100)
        #expect(try readAll(source) == Self.expected)
    }

    @Test("the file's types and NOT NULL reach the source's columns (an unconstrained decimal was written as text)")
    func declaredTypes() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("all.parquet")
        try write(path)
        let source = try ParquetSource(endpoint: .source(path: path), batchSize: 100)
        var types = Self.schema.columns.map(\.type)
        types[types.count - 1] = .text
        #expect(source.columns.map(\.type) == types)
        #expect(source.columns.map(\.name) == Self.schema.columns.map(\.name))
        #expect(source.columns.map(\.nullable) == [false] + Array(repeating: true, count: types.count - 1))
    }

    @Test("rows come back in order across row groups and chunks, with their row numbers, and again after restart")
    func rowGroupsAndRestart() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("many.parquet")
        try write(path, rowGroupRows: 7, copies: 10)
        let source = try ParquetSource(endpoint: .source(path: path), batchSize: 4)
        var lines: [Int] = []
        var rows: [[String?]] = []
        while let chunk = try source.next() {
            #expect(chunk.rows.rowCount <= 4)
            lines += chunk.rows.rowLine
            for r in 0..<chunk.rows.rowCount { rows.append((0..<13).map { chunk.rows.text(row: r, column: $0) }) }
        }
        #expect(lines == Array(1...30))
        #expect(rows == Array(repeating: Self.expected, count: 10).flatMap { $0 })
        try source.restart()
        #expect(try readAll(source) == rows)
    }

    @Test("a column of one repeated value (a dictionary) and a column of many distinct values read back")
    func dictionaryAndPlain() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("dict.parquet")
        let schema = testSchema([("same", .text), ("distinct", .bigint)])
        let rows: [[TestValue?]] = (0..<5000).map { i in [i % 3 == 0 ? nil : .text("same"), .int(Int64(i) * 7919)] }
        _ = try load(ParquetSink(endpoint: ParquetEndpoint(path: path)), schema, mode: .create, [testBatch(schema, rows)])
        let read = try readAll(ParquetSource(endpoint: .source(path: path), batchSize: 1000))
        #expect(read == (0..<5000).map { i in [i % 3 == 0 ? nil : "same", String(i * 7919)] })
    }

    @Test("wide values make smaller chunks: a chunk holds about 16 MiB of text, whatever batch_size asks")
    func wideValuesBoundChunks() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("wide.parquet")
        let schema = testSchema([("id", .bigint), ("blob", .text)])
        let wide = String(repeating: "x", count: 500_000)
        let rows: [[TestValue?]] = (0..<40).map { i in [.int(Int64(i)), .text(wide + String(i))] }
        _ = try load(ParquetSink(endpoint: ParquetEndpoint(path: path)), schema, mode: .create, [testBatch(schema, rows)])
        let source = try ParquetSource(endpoint: .source(path: path), batchSize: 10_000)
        var total = 0
        var chunks = 0
        while let chunk = try source.next() {
            #expect(chunk.rows.storage.count <= ParquetSource.chunkByteLimit + 1_000_000)
            #expect(chunk.rows.text(row: 0, column: 1) == wide + String(total))
            total += chunk.rows.rowCount
            chunks += 1
        }
        #expect(total == 40)
        #expect(chunks >= 2)
    }

    // MARK: Malformed files

    private func expectUnreadable(_ bytes: [UInt8], _ fragment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let dir = TemporaryDirectory()
        let path = dir.file("bad.parquet")
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        do {
            let source = try ParquetSource(endpoint: .source(path: path), batchSize: 100)
            while try source.next() != nil {}
            Issue.record("the malformed file was read", sourceLocation: sourceLocation)
        } catch {
            let e = error as FerryError?
            #expect(e?.code == .sourceUnreadable, "\(error)", sourceLocation: sourceLocation)
            if let fragment { #expect(e?.message.contains(fragment) == true, "\(error)", sourceLocation: sourceLocation) }
        }
    }

    private func validFile() throws -> [UInt8] {
        let dir = TemporaryDirectory()
        let path = dir.file("ok.parquet")
        try write(path, codec: .snappy, rowGroupRows: 2, copies: 2)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test("a file without the PAR1 magic, or too short to hold a footer, is source_unreadable")
    func badMagic() throws {
        var file = try validFile()
        file[0] = UInt8(ascii: "X")
        expectUnreadable(file, "PAR1")
        expectUnreadable(Array("PAR1PAR1".utf8), "fewer than")
        expectUnreadable(Array("not a parquet file at all".utf8))
    }

    @Test("a footer length past the start of the file is source_unreadable")
    func footerPastStart() throws {
        var file = try validFile()
        let at = file.count - 8
        file[at] = 0xFF; file[at + 1] = 0xFF; file[at + 2] = 0xFF; file[at + 3] = 0x7F
        expectUnreadable(file, "footer of")
    }

    @Test("a file cut short anywhere is source_unreadable, never a crash")
    func truncated() throws {
        let file = try validFile()
        for length in stride(from: 0, to: file.count, by: max(1, file.count / 97)) {
            expectUnreadable(Array(file.prefix(length)))
        }
    }

    @Test("a file with pages cut out (sizes past the chunk's end) is source_unreadable")
    func pagesRemoved() throws {
        let file = try validFile()
        // Drop 40 bytes from the data: every offset after them now points elsewhere.
        expectUnreadable(Array(file.prefix(4)) + Array(file[44...]))
    }

    @Test("a byte of the footer or pages changed never crashes: the read fails with a reason or reads rows")
    func mutatedBytes() throws {
        let file = try validFile()
        let dir = TemporaryDirectory()
        let path = dir.file("mutated.parquet")
        // Every third byte, alternately flipped in a few bits and set to 0xFF (scripts/fuzz.sh's
        // parquet target goes further).
        for index in stride(from: 4, to: file.count - 8, by: 3) {
            for replacement: UInt8 in [index % 2 == 0 ? 0xFF : file[index] ^ 0x15] where replacement != file[index] {
                var mutated = file
                mutated[index] = replacement
                _ = FileManager.default.createFile(atPath: path, contents: Data(mutated))
                do {
                    let source = try ParquetSource(endpoint: .source(path: path), batchSize: 3)
                    while try source.next() != nil {}
                } catch {
                    let code = (error as FerryError?)?.code
                    #expect(code == .sourceUnreadable || code == .unsupported || code == .sourceFormat, "byte \(index): \(error)")
                }
            }
        }
    }

    @Test("a list column is refused by name, as not supported")
    func nestedRefused() throws {
        // A footer whose schema is root → tags (a LIST group) → list → element (int32).
        var w = ThriftCompactWriter()
        w.structure { w in
            w.field(1, i32: 1)
            w.field(2, listOf: .structure, count: 4) { w in
                w.structure { $0.field(4, string: "schema"); $0.field(5, i32: 1) }
                w.structure { $0.field(3, i32: 1); $0.field(4, string: "tags"); $0.field(5, i32: 1); $0.field(6, i32: 3) }
                w.structure { $0.field(3, i32: 2); $0.field(4, string: "list"); $0.field(5, i32: 1) }
                w.structure { $0.field(1, i32: 1); $0.field(3, i32: 1); $0.field(4, string: "element") }
            }
            w.field(3, i64: 0)
            w.field(4, listOf: .structure, count: 0) { _ in }
        }
        let footer = w.bytes
        let length = UInt32(footer.count)
        let file = Array("PAR1".utf8) + footer + [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), 0, 0] + Array("PAR1".utf8)
        let dir = TemporaryDirectory()
        let path = dir.file("nested.parquet")
        _ = FileManager.default.createFile(atPath: path, contents: Data(file))
        do {
            _ = try ParquetSource(endpoint: .source(path: path), batchSize: 10)
            Issue.record("the nested file was opened")
        } catch {
            let e = error as FerryError?
            #expect(e?.code == .unsupported)
            #expect(e?.message.contains("not supported: column tags is a list") == true, "\(error)")
        }
    }
}
