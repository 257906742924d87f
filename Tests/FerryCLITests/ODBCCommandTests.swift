import FerryCore
import FerryTestSupport
import Foundation
import Testing

/// `odbc:` sources and targets through the real binary and Debian's real drivers.
@Suite("ODBC from the command line")
struct ODBCCommandTests {
    let dir = TemporaryDirectory()

    @Test("a CSV loads into PostgreSQL through psqlODBC; the password never shows")
    func postgres() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        let connection = try ODBCTestDrivers.postgresConnection(url: url)
        dir.write("orders.csv", "id,name,amount\n1,a,1.50\n2,b,\n")
        let out = try FerryBinary.run(["load", "orders.csv", "--to", "odbc:" + connection, "--schema", schema, "--json"], in: dir.path)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.last?.at("rows_written")?.intValue == 2)
        #expect(out.last?.at("target.kind")?.stringValue == "odbc")
        #expect(out.last?.at("target.connection")?.stringValue?.hasSuffix("PWD=***") == true)
        #expect(out.last?.at("lineage.outputs")?.serialized().contains("odbc://") == true)
        let password = try #require(URLComponents(string: url)?.password)
        #expect(!out.stdout.contains(password) && !out.stderr.contains(password))
        let rows = try PostgresTestServer.psql(#"select string_agg(id || ':' || name || ':' || coalesce(amount::text, '-'), ',' order by id) from "\#(schema)".orders"#, url: url)
        #expect(rows.trimmingCharacters(in: .whitespacesAndNewlines) == "1:a:1.50,2:b:-")
    }

    @Test("SQLite through its ODBC driver: load, then export a table to CSV")
    func sqliteRoundTrip() throws {
        let database = dir.file("o.db")
        let connection = try ODBCTestDrivers.sqliteConnection(path: database)
        dir.write("t.csv", "id,name\n1,x\n2,y\n")
        let load = try FerryBinary.run(["load", "t.csv", "--to", "odbc:" + connection, "--json"], in: dir.path)
        #expect(load.status == 0, "\(load.stderr)")
        #expect(try SQLiteShell.query(database, "select status from ferry_loads") == "completed\n")
        let export = try FerryBinary.run(["load", "odbc:" + connection, "--source-table", "t", "--to", "out.csv", "--json"], in: dir.path)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(String(decoding: dir.read("out.csv") ?? [], as: UTF8.self) == "id,name\n1,x\n2,y\n")
    }

    @Test("without unixODBC's driver manager ODBC loads fail clearly (exit 5 target, 4 source) and nothing else does")
    func withoutDriverManager() throws {
        let dir = TemporaryDirectory(prefix: "ferry-no-odbc")
        defer { dir.remove() }
        let missing = dir.file("no-such-libodbc.so.2")
        let environment = ["FERRY_ODBC_LIBRARY": missing]
        let password = "pa55-w0rd-do-not-print"
        let connection = "odbc:Driver={\(ODBCTestDrivers.sqliteDriver)};Database=\(dir.file("o.db"));PWD=\(password)"
        dir.write("t.csv", "id,name\n1,x\n")
        let expected = "ODBC needs unixODBC's driver manager, and FERRY_ODBC_LIBRARY names \(missing), which cannot be loaded: "
            + "install `unixodbc` (Debian/Ubuntu) or `unixODBC` (RHEL, Fedora), or point FERRY_ODBC_LIBRARY at its libodbc.so.2 ("

        let target = try FerryBinary.run(["load", "t.csv", "--to", connection, "--json"], in: dir.path, environment: environment)
        #expect(target.status == 5, "\(target.stderr)")
        #expect(target.last?.at("type")?.stringValue == "run_failed")
        #expect(target.last?.at("error.code")?.stringValue == "target_unavailable")
        #expect(target.last?.at("error.stage")?.stringValue == "connect")
        #expect(target.last?["error"]?["retryable"] == .bool(false))
        #expect(target.last?.at("error.message")?.stringValue?.hasPrefix(expected) == true)
        #expect(target.stderr.contains(expected))

        let source = try FerryBinary.run(["load", connection, "--source-table", "t", "--to", "out.csv", "--json"], in: dir.path, environment: environment)
        #expect(source.status == 4, "\(source.stderr)")
        #expect(source.last?.at("error.code")?.stringValue == "source_unreadable")
        #expect(source.last?.at("error.message")?.stringValue?.hasPrefix(expected) == true)
        for out in [target, source] {
            #expect(!out.stdout.contains(password) && !out.stderr.contains(password))
        }

        let version = try FerryBinary.run(["version", "--json"], in: dir.path, environment: environment)
        #expect(version.status == 0)
        #expect(version.last?.at("libraries.unixodbc") == .null)
        #expect(version.last?.at("libraries.sqlite")?.stringValue != nil)
        let sqlite = try FerryBinary.run(["load", "t.csv", "--to", dir.file("t.db"), "--json"], in: dir.path, environment: environment)
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        #expect(sqlite.last?.at("rows_written")?.intValue == 1)
    }

    @Test("a data source name that does not exist is an invalid request naming IM002")
    func unknownDSN() throws {
        try ODBCTestDrivers.configure()
        dir.write("t.csv", "id\n1\n")
        let out = try FerryBinary.run(["load", "t.csv", "--to", "odbc:no_such_dsn_here", "--json"], in: dir.path)
        #expect(out.status == 3)
        #expect(out.last?.at("error.code")?.stringValue == "invalid_request")
        #expect(out.last?.at("error.driver.code")?.stringValue == "IM002")
    }

    @Test("an ODBC driver that cannot be loaded is target_unavailable (exit 5), as a source unreadable (exit 4)")
    func driverCannotBeLoaded() throws {
        let dir = TemporaryDirectory()
        dir.write("orders.csv", "id\n1\n")
        let target = try FerryBinary.run(["load", "orders.csv", "--to", "odbc:Driver=/nonexistent/libnodriver.so;Database=x", "--json"], in: dir.path)
        #expect(target.status == 5)
        #expect(target.last?.at("error.code")?.stringValue == "target_unavailable")
        let source = try FerryBinary.run(["load", "odbc:Driver=/nonexistent/libnodriver.so;Database=x", "--source-table", "t", "--to", "out.csv", "--json"], in: dir.path)
        #expect(source.status == 4)
    }
}
