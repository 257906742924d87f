import FerryCore
@testable import FerryCLI
import FerryTestSupport
import Testing

@Suite("Connector registry")
struct ConnectorRegistryTests {
    @Test("every registered endpoint kind has a connector linked into ferry")
    func everyKindHasAConnector() {
        for kind in EndpointKinds.all.kinds {
            #expect(kind as? any EndpointConnector.Type != nil, "no EndpointConnector for kind \(kind.kind)")
        }
    }

    @Test("a command-line option the endpoint's kind does not take is a usage error naming it", arguments: [
        (["orders.csv", "--ledger-schema", "audit"], "--ledger-schema does not apply to a sqlite target"),
        (["orders.csv", "--to", "out.db", "--copy-streams", "2"], "--copy-streams does not apply to a sqlite target"),
        (["orders.csv", "--source-table", "t"], "--source-table does not apply to a file source"),
        (["sqlite:a.db", "--source-table", "t", "--to", "out.csv", "--table", "x"], "--table does not apply to a file target"),
        (["orders.csv", "--schema", "raw"], "--schema applies to database sources and targets that have schemas"),
        (["orders.csv", "--to", "mysql://u:hunter2@h/db"], "--to mysql://u:***@h/db: expected"),
        (["orders.csv", "--to", "POSTGRESQL://u:hunter2@h/db"], "--to POSTGRESQL://u:***@h/db: expected"),
    ])
    func optionNotTaken(arguments: [String], message: String) throws {
        let dir = TemporaryDirectory()
        dir.write("orders.csv", "id\n1\n")
        let out = try FerryBinary.run(["load"] + arguments, in: dir.path)
        #expect(out.status == 2)
        #expect(out.stderr.contains(message), "\(out.stderr)")
        #expect(!out.stderr.contains("hunter2"))
        #expect(dir.read("ferry.db") == nil)
    }

    @Test("a database source's table names the target table; --table overrides it")
    func sourceTableNamesTarget() throws {
        let dir = TemporaryDirectory()
        dir.write("orders.csv", "id\n1\n2\n")
        #expect(try FerryBinary.run(["load", "orders.csv", "--to", "a.db", "--table", "people"], in: dir.path).status == 0)
        #expect(try FerryBinary.run(["load", "sqlite:a.db", "--source-table", "people", "--to", "b.db"], in: dir.path).status == 0)
        #expect(try SQLiteShell.query(dir.path + "/b.db", "select count(*) from people") == "2\n")
        #expect(try FerryBinary.run(["load", "sqlite:a.db", "--source-table", "people", "--to", "b.db", "--table", "copy"], in: dir.path).status == 0)
        #expect(try SQLiteShell.query(dir.path + "/b.db", "select count(*) from copy") == "2\n")
    }

    @Test("an export appends to a CSV file it wrote before, header once")
    func exportAppends() throws {
        let dir = TemporaryDirectory()
        dir.write("orders.csv", "id\n1\n2\n")
        #expect(try FerryBinary.run(["load", "orders.csv", "--to", "a.db", "--table", "t"], in: dir.path).status == 0)
        #expect(try FerryBinary.run(["load", "sqlite:a.db", "--source-table", "t", "--to", "out.csv"], in: dir.path).status == 0)
        #expect(try FerryBinary.run(["load", "sqlite:a.db", "--source-table", "t", "--to", "out.csv", "--mode", "append"], in: dir.path).status == 0)
        #expect(String(decoding: dir.read("out.csv") ?? [], as: UTF8.self) == "id\n1\n2\n1\n2\n")
    }
}

@Suite("ferry load papercuts")
struct LoadCommandPapercutTests {
    @Test("--max-rejects takes a count or a percentage; anything else is a usage error naming the value")
    func maxRejects() throws {
        let dir = TemporaryDirectory()
        dir.write("orders.csv", "id\n1\n")
        let out = try FerryBinary.run(["load", "orders.csv", "--max-rejects", "lots"], in: dir.path)
        #expect(out.status == 2)
        #expect(out.stderr.contains("--max-rejects lots: expected a count such as 100 or a percentage such as 2.5%"))
        #expect(try FerryBinary.run(["load", "orders.csv", "--max-rejects", "-3"], in: dir.path).status == 2)
        #expect(try FerryBinary.run(["load", "orders.csv", "--max-rejects", "5", "--print-request"], in: dir.path).stdout.contains(#""max_rejects":5"#))
    }

    @Test("--print-request hides passwords unless --show-secrets is given", arguments: [
        ("postgresql://me:hunter2@db/shop", "postgresql://me:***@db/shop"),
        ("postgres:host=db password=hunter2", "host=db password=***"),
        ("odbc:Driver={PostgreSQL Unicode};Server=db;PWD=hunter2", "Driver={PostgreSQL Unicode};Server=db;PWD=***"),
    ])
    func printRequest(target: String, shown: String) throws {
        let dir = TemporaryDirectory()
        let masked = try FerryBinary.run(["load", "orders.csv", "--to", target, "--print-request"], in: dir.path)
        #expect(masked.status == 0)
        #expect(!masked.stdout.contains("hunter2"))
        #expect(masked.stdout.contains(shown))
        let revealed = try FerryBinary.run(["load", "orders.csv", "--to", target, "--print-request", "--show-secrets"], in: dir.path)
        #expect(revealed.stdout.contains("hunter2"))
        #expect(try FerryBinary.run(["load", "orders.csv", "--show-secrets"], in: dir.path).status == 2)
    }

    @Test("a misspelt password key or a URL inside dbname never reaches events or logs", arguments: [
        "postgres:host=127.0.0.1 port=1 pasword=hunter2",
        "postgres:host=127.0.0.1 port=1 dbname='postgresql://u:hunter2@h/db'",
        // The test server from PG* (CI starts one): its own message names the database.
        "postgres:dbname='postgresql://u:hunter2@h/db'",
    ])
    func connectionSecrets(target: String) throws {
        let dir = TemporaryDirectory()
        dir.write("orders.csv", "id\n1\n")
        let out = try FerryBinary.run(["load", "orders.csv", "--to", target, "--json"], in: dir.path)
        #expect(out.status != 0)
        #expect(out.events.contains { $0.at("type")?.stringValue == "run_started" })
        #expect(!out.stdout.contains("hunter2"))
        #expect(!out.stderr.contains("hunter2"))
    }
}
