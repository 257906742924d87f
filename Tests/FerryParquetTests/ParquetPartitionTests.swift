import FerryCore
import FerryTestSupport
import Foundation
import Testing
@testable import FerryParquet

@Suite("Parquet partitions and rolled files")
struct ParquetPartitionTests {
    private let schema = testSchema([("id", .bigint), ("k", .text), ("note", .text)], notNull: ["id"])

    private func rows(_ range: Range<Int>, key: (Int) -> String?) -> TypedBatch {
        testBatch(schema, range.map { i in [.int(Int64(i)), key(i).map { .text($0) }, .text("note \(i) " + String(repeating: "x", count: i % 50))] })
    }

    /// Every entry under `path`, relative, sorted.
    private func tree(_ path: String) -> [String] {
        ((FileManager.default.subpaths(atPath: path)) ?? []).sorted()
    }

    /// How many of this process's descriptors are open on files under `directory`.
    private func openDescriptors(under directory: String) throws -> Int {
        let prefix = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path + "/"
        return try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd))?.hasPrefix(prefix) == true
        }
    }

    private func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
    }

    @Test("Hive escaping: the characters Hive escapes become %XX, Unicode and the rest stay", arguments: [
        ("a/b", "a%2Fb"), ("x=y", "x%3Dy"), ("100%", "100%25"), ("Zürich ✓", "Zürich ✓"), ("", ""),
        ("c:\\d?", "c%3A%5Cd%3F"), ("#1 'q' \"r\" *{[]}^", "%231 %27q%27 %22r%22 %2A%7B%5B%5D}%5E"), ("tab\there", "tab%09here"),
        ("..", ".."),
    ])
    func escaping(value: String, escaped: String) {
        #expect(HivePartitionPath.escaped(value) == escaped)
    }

    @Test("partitions are col=value directories of files without the partition column; NULL is the default partition")
    func partitionedLayout() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("out")
        let sink = ParquetSink(endpoint: ParquetEndpoint(path: path, partitionBy: ["k"]))
        let written = try load(sink, schema, mode: .create, [rows(0..<30) { $0 % 3 == 0 ? nil : "v/\($0 % 3)" }])
        #expect(written == 30)
        #expect(tree(path) == [
            "k=__HIVE_DEFAULT_PARTITION__", "k=__HIVE_DEFAULT_PARTITION__/part-00000.parquet",
            "k=v%2F1", "k=v%2F1/part-00000.parquet", "k=v%2F2", "k=v%2F2/part-00000.parquet",
        ])
        #expect(sink.writtenFiles.map(\.rows).reduce(0, +) == 30)
        #expect(sink.writtenFiles.allSatisfy { size($0.path) == $0.bytes })
        // Only the directory is left beside the target: no temporary.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    @Test("partition_by naming a missing column or every column fails before anything is written")
    func badPartitionColumns() throws {
        let dir = TemporaryDirectory()
        for names in [["nope"], ["id", "k", "note"]] {
            #expect(throws: FerryError.self) {
                try ParquetSink(endpoint: ParquetEndpoint(path: dir.file("out"), partitionBy: names)).begin(schema: schema, mode: .create, key: [])
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("a 1025th partition fails the load with unsupported, and rollback leaves nothing")
    func partitionLimit() throws {
        let dir = TemporaryDirectory()
        let sink = ParquetSink(endpoint: ParquetEndpoint(path: dir.file("out"), partitionBy: ["k"]))
        try sink.begin(schema: schema, mode: .create, key: [])
        _ = try sink.write(rows(0..<1024) { "\($0)" })
        do {
            _ = try sink.write(rows(1024..<1025) { "\($0)" })
            Issue.record("the 1025th partition was accepted")
        } catch {
            #expect(error.code == .unsupported)
        }
        sink.rollback()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("past 256 open files the least recently used partition's file is finished; its next rows start its next file")
    func openFilesStayBounded() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("out")
        let sink = ParquetSink(endpoint: ParquetEndpoint(path: path, rowGroupRows: 1, partitionBy: ["k"]))
        try sink.begin(schema: schema, mode: .create, key: [])
        for round in 0..<2 {
            _ = try sink.write(rows(round * 300..<(round + 1) * 300) { "\($0 % 300)" })
            // Counts only descriptors open on files under this sink's directory: tests running in
            // parallel open descriptors of their own, so the process-wide count says nothing.
            let open = try openDescriptors(under: dir.path)
            #expect(open > 0 && open <= ParquetSink.maxOpenFiles)
        }
        try sink.commit()
        let files = tree(path).filter { $0.hasSuffix(".parquet") }
        #expect(sink.writtenFiles.count == files.count)
        #expect(files.count > 300)
        #expect(files.contains("k=0/part-00001.parquet"))
        #expect(sink.writtenFiles.map(\.rows).reduce(0, +) == 600)
    }

    @Test("max_file_bytes rolls to part-00000, part-00001, ... each under the limit and complete")
    func rolling() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("out")
        let limit = 16 * 1024
        let sink = ParquetSink(endpoint: ParquetEndpoint(path: path, compression: .none, rowGroupRows: 100, maxFileBytes: limit))
        _ = try load(sink, schema, mode: .create, [rows(0..<3000) { "k\($0)" }])
        let names = tree(path)
        #expect(names.count > 3)
        #expect(names == (0..<names.count).map { ParquetSink.fileName($0) })
        for name in names {
            let bytes = FileManager.default.contents(atPath: path + "/" + name).map { Array($0) } ?? []
            #expect(bytes.count <= limit)
            #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8) && Array(bytes.suffix(4)) == Array("PAR1".utf8))
        }
        #expect(sink.writtenFiles.map(\.rows).reduce(0, +) == 3000)
        #expect(sink.writtenFiles.map(\.path) == names.map { path + "/" + $0 })
    }

    @Test("replace swaps the whole directory, and refuses a directory holding other files")
    func replaceDirectory() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("out")
        _ = try load(ParquetSink(endpoint: ParquetEndpoint(path: path, partitionBy: ["k"])), schema, mode: .create, [rows(0..<4) { "a\($0 % 2)" }])
        #expect(throws: FerryError.self) {
            try load(ParquetSink(endpoint: ParquetEndpoint(path: path, partitionBy: ["k"])), schema, mode: .create, [rows(0..<1) { _ in "b" }])
        }
        _ = try load(ParquetSink(endpoint: ParquetEndpoint(path: path, partitionBy: ["k"])), schema, mode: .replace, [rows(0..<1) { _ in "b" }])
        #expect(tree(path) == ["k=b", "k=b/part-00000.parquet"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])

        try "mine".write(toFile: path + "/k=b/notes.txt", atomically: false, encoding: .utf8)
        #expect(throws: FerryError.self) {
            try load(ParquetSink(endpoint: ParquetEndpoint(path: path, partitionBy: ["k"])), schema, mode: .replace, [rows(0..<1) { _ in "c" }])
        }
        #expect(tree(path) == ["k=b", "k=b/notes.txt", "k=b/part-00000.parquet"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    @Test("a rolled-back partitioned load leaves no directory and no temporary")
    func rollbackLeavesNothing() throws {
        let dir = TemporaryDirectory()
        let sink = ParquetSink(endpoint: ParquetEndpoint(path: dir.file("out"), rowGroupRows: 5, partitionBy: ["k"], maxFileBytes: 4096))
        try sink.begin(schema: schema, mode: .create, key: [])
        _ = try sink.write(rows(0..<200) { "\($0 % 4)" })
        sink.rollback()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(sink.writtenFiles.isEmpty)
    }
}
