import FerryCore
import FerryTestSupport
import Foundation
import Testing
@testable import FerryParquet

@Suite("Parquet sink")
struct ParquetSinkTests {
    private let schema = testSchema([("id", .bigint), ("name", .text), ("amount", .decimal(precision: 12, scale: 2))], notNull: ["id"])

    private func rows(_ range: Range<Int>) -> TypedBatch {
        testBatch(schema, range.map { i in [.int(Int64(i)), i % 10 == 0 ? nil : .text("n\(i)"), .text("\(i).50")] })
    }

    private func bytes(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { Array($0) } ?? []
    }

    @Test("a file starts and ends with PAR1, and its footer length points at the footer")
    func layout() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("out.parquet")
        let written = try load(ParquetSink(endpoint: ParquetEndpoint(path: path, rowGroupRows: 40)), schema, mode: .create, [rows(0..<50), rows(50..<100)])
        #expect(written == 100)
        let file = bytes(path)
        #expect(Array(file.prefix(4)) == Array("PAR1".utf8))
        #expect(Array(file.suffix(4)) == Array("PAR1".utf8))
        let footerLength = file.suffix(8).prefix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(footerLength > 0 && footerLength < file.count - 12)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.parquet"])
    }

    @Test("create refuses an existing file and leaves it as it was")
    func createRefusesExisting() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("out.parquet", "keep me")
        #expect(throws: FerryError.self) {
            try load(ParquetSink(endpoint: ParquetEndpoint(path: path)), schema, mode: .create, [rows(0..<3)])
        }
        #expect(bytes(path) == Array("keep me".utf8))
    }

    @Test("a rolled-back load leaves no file, and replace keeps the old file until commit")
    func rollbackLeavesNothing() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("out.parquet", "old")
        let sink = ParquetSink(endpoint: ParquetEndpoint(path: path))
        try sink.begin(schema: schema, mode: .replace, key: [])
        _ = try sink.write(rows(0..<10))
        #expect(bytes(path) == Array("old".utf8))
        sink.rollback()
        #expect(bytes(path) == Array("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.parquet"])
    }

    @Test("a NULL in a NOT NULL column fails the load naming the line, never the value")
    func nullInRequired() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("out.parquet")
        let batch = testBatch(schema, [[.int(1), .text("secret-value"), .text("1.00")], [nil, .text("x"), .text("2.00")]])
        do {
            try load(ParquetSink(endpoint: ParquetEndpoint(path: path)), schema, mode: .create, [batch])
            Issue.record("the load succeeded")
        } catch {
            let message = (error as? FerryError)?.message ?? ""
            #expect(message.contains("line 3"))
            #expect(!message.contains("secret-value"))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("append, truncate, upsert and update are refused: a Parquet file is written whole", arguments: [LoadMode.append, .truncate, .upsert, .update])
    func refusedModes(mode: LoadMode) {
        let dir = TemporaryDirectory()
        #expect(throws: FerryError.self) {
            try ParquetSink(endpoint: ParquetEndpoint(path: dir.file("out.parquet"))).begin(schema: schema, mode: mode, key: ["id"])
        }
    }

    @Test("an interrupt stops the next batch with cancelled, and rollback leaves no file")
    func interrupted() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("out.parquet")
        let sink = ParquetSink(endpoint: ParquetEndpoint(path: path))
        try sink.begin(schema: schema, mode: .create, key: [])
        _ = try sink.write(rows(0..<10))
        sink.interrupter.interrupt()
        #expect(throws: FerryError.self) { _ = try sink.write(rows(10..<20)) }
        sink.rollback()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
