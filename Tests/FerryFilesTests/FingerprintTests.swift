import FerryCore
import FerryFiles
import FerryTestSupport
import Foundation
import Testing

@Suite("Source fingerprints")
struct FingerprintTests {
    let dir = TemporaryDirectory()

    /// SHA-256 by the coreutils tool, independently of Ferry.
    private func sha256sum(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return String(text.prefix(64))
    }

    private func readAll(_ source: any RecordSource) throws {
        while try source.next() != nil {}
    }

    @Test("a file's fingerprint is the SHA-256 and size of its bytes as stored, once read to the end", arguments: ["csv", "jsonl"])
    func fingerprint(format: String) throws {
        let text = format == "csv" ? "id,name\n1,Zoë\n2,\"a\nb\"\n" : "{\"id\":1}\n{\"id\":2}\n"
        let path = dir.write("data.\(format)", text)
        let source = try FileSources.open(FileEndpoint(path: path, format: format == "csv" ? .csv : .jsonl), options: LoadOptions())
        #expect(source.fingerprint == nil)
        try readAll(source)
        #expect(source.fingerprint == SourceFingerprint(sha256: try sha256sum(path), bytes: text.utf8.count))
        try source.restart()
        #expect(source.fingerprint == nil)
        try readAll(source)
        #expect(source.fingerprint?.sha256 == (try sha256sum(path)))
    }

    /// File targets keep no ledger row, so the load spares the source the SHA-256 of its bytes.
    @Test("a source told to skip its fingerprint hashes nothing, through a restart and every file of a set")
    func skipped() throws {
        let a = dir.write("a.csv", "id\n1\n2\n")
        let b = dir.write("b.csv", "id\n3\n")
        let one = try FileSources.open(FileEndpoint(path: a, format: .csv), options: LoadOptions())
        one.skipFingerprint()
        try readAll(one)
        #expect(one.fingerprint == nil)
        try one.restart()
        try readAll(one)
        #expect(one.fingerprint == nil)
        let report = FileSetReport(isSet: true, parts: [FileSetReport.Part(path: a), FileSetReport.Part(path: b)])
        let set = try FileSetSource(endpoint: FileEndpoint(path: a, format: .csv), options: LoadOptions(), report: report)
        set.skipFingerprint()
        try readAll(set)
        try set.restart()
        try readAll(set)
        #expect(set.fileSet?.parts.map(\.fingerprint) == [nil, nil])
        let hashed = try FileSetSource(endpoint: FileEndpoint(path: a, format: .csv), options: LoadOptions(), report: report)
        try readAll(hashed)
        #expect(hashed.fileSet?.parts.map { $0.fingerprint?.sha256 } == [try sha256sum(a), try sha256sum(b)])
    }

    @Test("a gzip file is fingerprinted by its compressed bytes")
    func gzip() throws {
        let path = dir.write("data.csv", "id\n" + (1...5000).map(String.init).joined(separator: "\n") + "\n")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", path]
        try gzip.run()
        gzip.waitUntilExit()
        let source = try FileSources.open(FileEndpoint(path: path + ".gz", format: .csv), options: LoadOptions())
        try readAll(source)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path + ".gz")[.size] as? Int)
        #expect(source.fingerprint == SourceFingerprint(sha256: try sha256sum(path + ".gz"), bytes: size))
    }
}
