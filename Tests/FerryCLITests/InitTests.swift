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
        for name in ["ferry.request.json", "data/orders.csv", "data/updates.csv"] {
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

    @Test("the README tour's upsert matches on the primary key --key made")
    func tourUpsert() throws {
        _ = try FerryBinary.run(["init", "."], in: dir.path)
        let replace = try FerryBinary.run(["load", "data/orders.csv", "--mode", "replace", "--key", "id", "-q"], in: dir.path)
        #expect(replace.status == 0, "\(replace.stderr)")
        let upsert = try FerryBinary.run(["load", "data/updates.csv", "--table", "orders", "--mode", "upsert", "--key", "id", "-q"], in: dir.path)
        #expect(upsert.status == 0, "\(upsert.stderr)")
        // Orders 2 and 5 changed, 9 and 10 are new, the other six are as they were.
        let rows = try SQLiteShell.query(dir.file("ferry.db"), "select id, amount, zip from orders where id in (1, 2, 5, 9, 10) order by id")
        #expect(rows == "1|19.99|02134\n2|1300|10001\n5|0|60601\n9|25|02139\n10|12.5|00601\n")
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select count(*) from orders") == "10\n")
    }

    @Test("big.csv.gz has 20,000 rows of which 3 are malformed; --max-rejects 1% loads the rest")
    func bigExample() throws {
        _ = try FerryBinary.run(["init", "."], in: dir.path)
        let out = try FerryBinary.run(["load", "data/big.csv.gz", "--column", "zip:text", "--max-rejects", "1%", "--json"], in: dir.path)
        #expect(out.status == 0, "\(out.stderr)")
        let result = try #require(out.stdout.split(separator: "\n").last)
        #expect(result.contains("\"rows_read\":20000"), "\(result)")
        #expect(result.contains("\"rows_written\":19997"), "\(result)")
        #expect(result.contains("\"rows_rejected\":3"), "\(result)")
        // zip stays text with its leading zeros (five characters each).
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select count(*), min(length(zip)), max(length(zip)) from big") == "19997|5|5\n")
        let rejects = try String(contentsOfFile: dir.file("load_big.rejects.jsonl"), encoding: .utf8)
        #expect(rejects.split(separator: "\n").count == 3)
    }
}
