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

    @Test("a data source name that does not exist is an invalid request naming IM002")
    func unknownDSN() throws {
        try ODBCTestDrivers.configure()
        dir.write("t.csv", "id\n1\n")
        let out = try FerryBinary.run(["load", "t.csv", "--to", "odbc:no_such_dsn_here", "--json"], in: dir.path)
        #expect(out.status == 3)
        #expect(out.last?.at("error.code")?.stringValue == "invalid_request")
        #expect(out.last?.at("error.driver.code")?.stringValue == "IM002")
    }
}
