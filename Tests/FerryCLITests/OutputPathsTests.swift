import FerryCore
import FerryTestSupport
import Foundation
import Testing

/// No output of a run (export, reject file, lineage file) may be a file the run reads or keeps.
@Suite("Output paths")
struct OutputPathsTests {
    let dir = TemporaryDirectory()
    static let csv = "id,name\n1,a\n2,b\nx,c\n"

    private func expectRefused(_ out: FerryBinary.Output, path: String) {
        #expect(out.status == 3, "\(out.stderr)")
        let issues = out.last?.at("error.issues")
        #expect(issues?.serialized().contains(path) == true, "\(out.stdout)")
        #expect(out.last?.at("error.message")?.stringValue?.contains("is the same file as") == true)
    }

    @Test("a reject file named after the source, directly or through a symbolic link, is refused and the source kept")
    func rejectIsSource() throws {
        dir.write("orders.csv", Self.csv)
        expectRefused(try FerryBinary.run(["load", "orders.csv", "--reject-path", "orders.csv", "--json"], in: dir.path), path: "$.options.reject_path")
        #expect(symlink(dir.file("orders.csv"), dir.file("link.jsonl")) == 0)
        expectRefused(try FerryBinary.run(["load", "orders.csv", "--reject-path", "link.jsonl", "--json"], in: dir.path), path: "$.options.reject_path")
        #expect(mkdir(dir.file("sub"), 0o700) == 0)
        expectRefused(try FerryBinary.run(["load", "orders.csv", "--reject-path", "./sub/../orders.csv", "--json"], in: dir.path), path: "$.options.reject_path")
        #expect(String(decoding: dir.read("orders.csv") ?? [], as: UTF8.self) == Self.csv)
        #expect(!FileManager.default.fileExists(atPath: dir.file("ferry.db")))
    }

    @Test("a reject file named after the SQLite target is refused and the database kept")
    func rejectIsTarget() throws {
        dir.write("orders.csv", Self.csv)
        #expect(try FerryBinary.run(["load", "orders.csv", "--to", "shop.db", "--column", "id:text"], in: dir.path).status == 0)
        let before = dir.read("shop.db")
        expectRefused(
            try FerryBinary.run(["load", "orders.csv", "--to", "shop.db", "--mode", "replace", "--reject-path", "shop.db", "--json"], in: dir.path),
            path: "$.options.reject_path")
        #expect(dir.read("shop.db") == before, "the database changed")
    }

    @Test("an export or lineage file named after the request file or the source is refused")
    func exportAndLineage() throws {
        dir.write("orders.csv", Self.csv)
        #expect(try FerryBinary.run(["load", "orders.csv", "--to", "shop.db", "--table", "t", "--column", "id:text"], in: dir.path).status == 0)
        let request = #"{"contract_version": 1, "source": {"kind": "sqlite", "path": "shop.db", "table": "t"}, "target": {"kind": "file", "path": "req.csv"}}"#
        dir.write("req.csv", request)
        expectRefused(try FerryBinary.run(["run", "--request", "req.csv"], in: dir.path), path: "$.target.path")
        #expect(String(decoding: dir.read("req.csv") ?? [], as: UTF8.self) == request)
        let lineage = #"{"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"}, "lineage": {"transport": {"type": "file", "path": "orders.csv"}}}"#
        expectRefused(try FerryBinary.run(["run"], in: dir.path, stdin: lineage), path: "$.lineage.transport.path")
        #expect(String(decoding: dir.read("orders.csv") ?? [], as: UTF8.self) == Self.csv)
    }

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
