import FerryCore
import FerryTestSupport
import Foundation
import Testing
@testable import FerryParquet

/// The sink's second encoding thread (`ParquetColumnWorkers`) changes who encodes a column, never
/// the file: every test writes the same batches with one and with two threads and compares bytes.
@Suite("Parquet encoding on two threads")
struct ParquetEncodeThreadTests {
    private let schema = testSchema([
        ("id", .bigint), ("small", .decimal(precision: 5, scale: 2)), ("mid", .decimal(precision: 12, scale: 2)),
        ("wide", .decimal(precision: 38, scale: 10)), ("flag", .boolean), ("ratio", .double), ("day", .date),
        ("at", .timestamp), ("atz", .timestamptz), ("key", .uuid), ("doc", .json), ("name", .text), ("k", .text),
    ], notNull: ["id"])

    /// Rows `range`: every type, NULLs in every nullable column, repeated values (dictionary pages)
    /// and unique ones (past the dictionary limit, PLAIN pages).
    private func rows(_ range: Range<Int>) -> TypedBatch {
        testBatch(schema, range.map { i -> [TestValue?] in
            let null = i % 7 == 3
            return [
                .int(Int64(i) * 7_919),
                null ? nil : .text("\(i % 1000 - 500).\(i % 10)5"),
                null ? nil : .text("\(i * 13 - 40_000).\(i % 100)"),
                null ? nil : .text("-\(i)1234567890123.\(i % 9)000000001"),
                null ? nil : .int(Int64(i % 3 == 0 ? 1 : 0)),
                null ? nil : .double(Double(i) / 8 - 1000),
                null ? nil : .int(Int64(i % 40_000 - 20_000)),
                null ? nil : .int(Int64(i) * 1_000_003),
                null ? nil : .int(Int64(i % 500) * 86_400_000_000),
                null ? nil : .text(String(format: "%08x-0000-4000-8000-%012x", i % 5000, i)),
                null ? nil : .text("{\"n\":\(i % 50)}"),
                null ? nil : .text("name \(i) ünïcödé \(String(repeating: "x", count: i % 40))"),
                .text("k\(i % 3)"),
            ]
        }, firstLine: range.lowerBound + 2)
    }

    private func batches(_ count: Int, size: Int) -> [TypedBatch] {
        (0..<count).map { rows($0 * size..<($0 + 1) * size) }
    }

    /// Every file under `path` (or the file itself) with its bytes, by relative path.
    private func contents(_ path: String) throws -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return ["": try Data(contentsOf: URL(fileURLWithPath: path))]
        }
        var out: [String: Data] = [:]
        for case let name as String in FileManager.default.enumerator(atPath: path) ?? FileManager.DirectoryEnumerator() {
            let full = path + "/" + name
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                out[name] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return out
    }

    /// Writes `input` through a sink of `endpoint` with `threads` encoding threads.
    private func write(_ endpoint: (String) -> ParquetEndpoint, threads: Int, _ input: [TypedBatch]) throws -> [String: Data] {
        let dir = TemporaryDirectory()
        let path = dir.file("out")
        _ = try load(ParquetSink(endpoint: endpoint(path), encodeThreads: threads), schema, mode: .create, input)
        return try contents(path)
    }

    @Test("two threads write the same bytes as one: several row groups, dictionary and PLAIN pages, every type", arguments: [
        ParquetCodec.zstd, .snappy, .gzip, .none,
    ])
    func sameBytes(codec: ParquetCodec) throws {
        let input = batches(6, size: 25_000)
        let endpoint = { (path: String) in ParquetEndpoint(path: path, compression: codec, rowGroupRows: 60_000) }
        let one = try write(endpoint, threads: 1, input)
        let two = try write(endpoint, threads: 2, input)
        #expect(one.count == 1)
        #expect(one == two)
    }

    @Test("two threads write the same partitions and rolled files as one")
    func samePartitionsAndFiles() throws {
        let input = batches(3, size: 20_000)
        let endpoint = { (path: String) in ParquetEndpoint(path: path, partitionBy: ["k"], maxFileBytes: 400_000) }
        let one = try write(endpoint, threads: 1, input)
        let two = try write(endpoint, threads: 2, input)
        #expect(one.count > 3)
        #expect(one == two)
    }

    @Test("with two threads a NULL in a NOT NULL column fails with the same error as with one")
    func sameError() throws {
        var input = batches(1, size: 10_000)
        input[0].columns[0].isNull[9_000] = true
        var messages: [String] = []
        for threads in [1, 2] {
            do {
                _ = try write({ ParquetEndpoint(path: $0) }, threads: threads, input)
                Issue.record("the load with \(threads) threads succeeded")
            } catch {
                messages.append((error as? FerryError)?.message ?? "\(error)")
            }
        }
        #expect(messages.count == 2 && messages[0] == messages[1])
        #expect(messages.first?.contains("line 9002") == true)
    }
}
