import FerryCore
import FerryTestSupport
import Foundation
import Testing

/// How a run publishes its reject file. The hostile cases — an output that is the source, the
/// target database or the request file, directly or through a link, `..` or a hard link — run the
/// binary as an unprivileged user in Tests/python/test_hostile_paths.py, not here as root.
@Suite("Output paths")
struct OutputPathsTests {
    let dir = TemporaryDirectory()
    static let csv = "id,name\n1,a\n2,b\nx,c\n"

    @Test("the reject file appears whole under its name, with no temporary file left beside it")
    func rejectFilePublished() throws {
        dir.write("orders.csv", Self.csv)
        let out = try FerryBinary.run(["load", "orders.csv", "--column", "id:bigint", "--max-rejects", "5", "--reject-path", "r.jsonl"], in: dir.path)
        #expect(out.status == 0)
        #expect(String(decoding: dir.read("r.jsonl") ?? [], as: UTF8.self).contains(#""line":4"#))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
