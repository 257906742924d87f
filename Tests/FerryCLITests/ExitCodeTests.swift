import Foundation
import FerryCore
import FerryTestSupport
import Testing

/// Every documented exit code, produced by the real binary (Docs/exit-codes.md).
@Suite("Exit codes")
struct ExitCodeTests {
    let dir = TemporaryDirectory()

    private func request(_ body: String) -> String { #"{"contract_version": 1, \#(body)}"# }

    @Test("0: a load that succeeds")
    func success() throws {
        dir.write("a.csv", "id,name\n1,x\n2,y\n")
        let out = try FerryBinary.run(["run"], in: dir.path, stdin: request(#""source": {"kind": "file", "path": "a.csv"}"#))
        #expect(out.status == 0)
        #expect(out.last?.at("type")?.stringValue == "run_completed")
        #expect(out.last?.at("rows_written")?.intValue == 2)
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select count(*) from a") == "2\n")
    }

    @Test("2: bad command-line usage")
    func usage() throws {
        let out = try FerryBinary.run(["load", "--no-such-flag", "a.csv"], in: dir.path)
        #expect(out.status == 2)
        #expect(out.stderr.contains("no-such-flag"))
        #expect(out.stdout.isEmpty)
    }

    @Test("3: a request with three mistakes reports three JSON paths and touches nothing")
    func invalidRequest() throws {
        dir.write("a.csv", "id\n1\n")
        let out = try FerryBinary.run(["run"], in: dir.path, stdin: request(#"""
        "source": {"kind": "file", "path": "a.csv", "formt": "csv"}, "mode": "merge",
        "options": {"batch_size": 0}
        """#))
        #expect(out.status == 3)
        #expect(out.events.count == 1)
        let error = try #require(out.last?.at("error"))
        #expect(error.at("code")?.stringValue == "invalid_request")
        guard case let .array(issues)? = error.at("issues") else { Issue.record("no issues"); return }
        #expect(issues.compactMap { $0.at("path")?.stringValue } == ["$.mode", "$.options.batch_size", "$.source.formt"])
        #expect(!dir.exists("ferry.db"))
    }

    @Test("4: the source file does not exist")
    func sourceError() throws {
        let out = try FerryBinary.run(["load", "missing.csv", "--json"], in: dir.path)
        #expect(out.status == 4)
        #expect(out.last?.at("error.code")?.stringValue == "source_not_found")
        #expect(!dir.exists("ferry.db"))
    }

    @Test("5: create refuses an existing table, which stays as it was")
    func targetError() throws {
        dir.write("a.csv", "id\n1\n")
        _ = try FerryBinary.run(["load", "a.csv"], in: dir.path)
        dir.write("a.csv", "id\n7\n8\n")
        let out = try FerryBinary.run(["load", "a.csv", "--json"], in: dir.path)
        #expect(out.status == 5)
        #expect(out.last?.at("error.code")?.stringValue == "target_exists")
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select id from a") == "1\n")
    }

    @Test("6: more rejects than max_rejects leaves the old table exactly as it was")
    func rejectsExceeded() throws {
        dir.write("a.csv", "id,n\n1,10\n2,20\n")
        _ = try FerryBinary.run(["load", "a.csv", "--column", "n:bigint"], in: dir.path)
        let before = try SQLiteShell.query(dir.file("ferry.db"), "select * from a order by id")
        dir.write("a.csv", "id,n\n1,11\n2,twenty\n3,33\n")
        let out = try FerryBinary.run(["load", "a.csv", "--mode", "replace", "--column", "n:bigint", "--json"], in: dir.path)
        #expect(out.status == 6)
        #expect(out.last?.at("error.code")?.stringValue == "rejects_exceeded")
        #expect(out.last?.at("rows_rejected")?.intValue == 1)
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select * from a order by id") == before)
        let rejects = String(decoding: dir.read("load_a.rejects.jsonl") ?? [], as: UTF8.self)
        #expect(rejects.contains(#""line":3"#))
        #expect(rejects.contains("2,twenty"))
        #expect(!out.stdout.contains("twenty"))
        #expect(!out.stderr.contains("twenty"))
    }

    @Test("5, retryable: a transient failure (a refused connection) that outlasts the retries asked for keeps its code")
    func retryableFailureKeepsItsCode() throws {
        dir.write("a.csv", "id\n1\n")
        // Nothing listens on port 1: every attempt is refused at once, and the budget of one
        // second bounds the pauses.
        let out = try FerryBinary.run(
            ["load", "a.csv", "--to", "postgresql://ferry@127.0.0.1:1/db", "--retries", "2", "--retry-budget", "1", "--json"],
            in: dir.path, environment: ["PGCONNECT_TIMEOUT": "10"])
        #expect(out.status == 5)
        #expect(out.last?.at("type")?.stringValue == "run_failed")
        #expect(out.last?.at("error.code")?.stringValue == "target_unavailable")
        #expect(out.last?.at("error.retryable") == .bool(true))
        let retrying = out.events.filter { $0.at("type")?.stringValue == "retrying" }
        #expect(retrying.compactMap { $0.at("attempt")?.intValue } == [2, 3])
        #expect(retrying.allSatisfy { $0.at("error.driver.system")?.stringValue == "postgres" })
    }

    @Test("130: SIGTERM mid-load ends with run_failed (stage cancelled) and the old table intact")
    func interrupted() throws {
        dir.write("old.csv", "id,word\n1,keep\n2,me\n")
        _ = try FerryBinary.run(["load", "old.csv", "--table", "t"], in: dir.path)
        // The data comes from a stdin fed far longer than the test lasts; a progress event of the
        // load phase says batches are in the open transaction.
        let running = try FerryBinary.start(
            ["load", "-", "--format", "csv", "--table", "t", "--mode", "replace", "--json", "--batch-size", "100",
             "--column", "id:bigint", "--column", "word:text"], in: dir.path)
        running.feed(header: "id,word", ids: 1..<10_000_000) { "\($0),w\($0)" }
        let loading = running.waitForStdout(containing: #""phase":"load""#, timeout: 60)
        running.signal(SIGTERM)
        let out = running.wait()
        try #require(loading, "no progress event of the load phase before SIGTERM: \(out.stdout) \(out.stderr)")
        #expect(out.status == 130)
        #expect(out.last?.at("type")?.stringValue == "run_failed")
        #expect(out.last?.at("error.stage")?.stringValue == "cancelled")
        #expect(out.last?.at("error.message")?.stringValue?.contains("SIGTERM") == true)
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select * from t order by id") == "1|keep\n2|me\n")
    }
}

extension ExitCodeTests {
    @Test("a file name with a line feed cannot start a new log line")
    func controlCharactersInNames() throws {
        let name = "x\n::error::pwned.csv"
        dir.write(name, "id\n1\n")
        let out = try FerryBinary.run(["load", name, "--table", "t"], in: dir.path)
        #expect(out.status == 0)
        #expect(out.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("ferry: ") })
        #expect(out.stderr.contains(#"x\n::error::pwned.csv"#))
    }
}
