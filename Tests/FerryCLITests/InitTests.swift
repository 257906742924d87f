import Foundation
import FerryTestSupport
import Testing

@Suite("ferry init")
struct InitTests {
    let dir = TemporaryDirectory()
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

    @Test("writes exactly the committed examples/ and never overwrites")
    func writesExamples() throws {
        let out = try FerryBinary.run(["init", "demo"], in: dir.path)
        #expect(out.status == 0)
        for name in ["ferry.request.json", "data/orders.csv"] {
            let written = try Data(contentsOf: URL(fileURLWithPath: dir.file("demo/" + name)))
            let committed = try Data(contentsOf: Self.examples.appendingPathComponent(name))
            #expect(written == committed, "examples/\(name) differs from `ferry init` output; run `ferry init examples` after removing it")
        }
        let again = try FerryBinary.run(["init", "demo"], in: dir.path)
        #expect(again.status == 2)
    }

    @Test("the example loads into SQLite with every row")
    func exampleLoads() throws {
        _ = try FerryBinary.run(["init", "."], in: dir.path)
        let out = try FerryBinary.run(["run", "--request", "ferry.request.json"], in: dir.path)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select count(*), sum(amount) from orders") == "8|101340.62\n")
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select zip from orders where id = 4") == "00501\n")
    }
}
