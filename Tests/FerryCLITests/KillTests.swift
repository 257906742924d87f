import Foundation
import FerryCore
import FerryTestSupport
import Testing

/// SIGKILL gives Ferry no chance to clean up: the target must still be exactly as it was,
/// because nothing is visible before the one commit (issue 3).
@Suite("SIGKILL mid-load", .serialized)
struct KillTests {
    let dir = TemporaryDirectory()
    static let totalRows = 10_000_000

    /// Starts a load of a stdin fed with up to 10M rows, waits for the first progress event of
    /// the load phase (batches are then in the open transaction), and kills it. Upserts start
    /// inside the existing keys (so updates must be undone too); other modes after them.
    private func killMidLoad(_ arguments: [String], firstID: Int) throws -> FerryBinary.Output {
        let running = try FerryBinary.start(
            ["load", "-", "--format", "csv", "--json", "--batch-size", "5000",
             "--column", "id:bigint!", "--column", "name:text", "--column", "amount:decimal(12,2)"] + arguments,
            in: dir.path)
        running.feed(header: "id,name,amount", ids: firstID..<firstID + Self.totalRows) { id in
            "\(id),name \(id % 977),\(id % 100_000).\(id % 100 < 10 ? "0" : "")\(id % 100)"
        }
        let loading = running.waitForStdout(containing: #""phase":"load""#, timeout: 120)
        running.signal(SIGKILL)
        let out = running.wait()
        try #require(loading, "no progress event of the load phase before the kill: \(out.stdout) \(out.stderr)")
        #expect(out.status == -1 || out.status == 9 || out.status == 137, "ferry should have been killed, exit \(out.status)")
        #expect(!out.stdout.contains("run_completed"))
        return out
    }

    /// Waits until no session of ferry's is left on the server (the server noticed the dropped
    /// connection and rolled its transaction back); false after 30 s.
    private func ferrySessionsGone(_ url: String) throws -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let busy = try PostgresTestServer.psql("select count(*) from pg_stat_activity where application_name = 'ferry'", url: url)
            if busy.trimmingCharacters(in: .whitespacesAndNewlines) == "0" { return true }
            usleep(50_000)
        }
        return false
    }

    @Test("PostgreSQL: replace, append and upsert leave the table identical", arguments: ["replace", "append", "upsert"])
    func postgres(mode: String) throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql("""
            create table "\(schema)".t (id bigint primary key, name text, amount numeric(12,2));
            insert into "\(schema)".t select g, 'before ' || g, g * 1.5 from generate_series(1, 1000) g;
            grant select on "\(schema)".t to public;
            """, url: url)
        let checksum = """
            select count(*), md5(string_agg(t::text, '|' order by id)) from "\(schema)".t
            """
        let before = try PostgresTestServer.psql(checksum, url: url)
        let tables = "select string_agg(relname, ',' order by relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = '\(schema)'"
        let tablesBefore = try PostgresTestServer.psql(tables, url: url)
        _ = try killMidLoad(["--to", url, "--schema", schema, "--table", "t", "--mode", mode] + (mode == "upsert" ? ["--key", "id"] : []),
                            firstID: mode == "upsert" ? 500 : 1_001)
        // The server notices the dropped connection and rolls the transaction back.
        #expect(try ferrySessionsGone(url))
        #expect(try PostgresTestServer.psql(checksum, url: url) == before)
        #expect(try PostgresTestServer.psql(tables, url: url) == tablesBefore)
    }

    @Test("PostgreSQL: a parallel replace leaves the table identical and its staging table to the next load")
    func postgresParallel() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql("""
            create table "\(schema)".t (id bigint primary key, name text, amount numeric(12,2));
            insert into "\(schema)".t select g, 'before ' || g, g * 1.5 from generate_series(1, 1000) g;
            """, url: url)
        let checksum = #"select count(*), md5(string_agg(t::text, '|' order by id)) from "\#(schema)".t"#
        let tables = "select string_agg(relname, ',' order by relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = '\(schema)' and relkind = 'r'"
        let before = try PostgresTestServer.psql(checksum, url: url)
        _ = try killMidLoad(["--to", url, "--schema", schema, "--table", "t", "--mode", "replace", "--copy-streams", "2"], firstID: 1_001)
        #expect(try ferrySessionsGone(url))
        #expect(try PostgresTestServer.psql(checksum, url: url) == before)
        // The committed staging table outlived the killed load ...
        #expect(try PostgresTestServer.psql(tables, url: url).hasPrefix("t,t__ferry_"))
        // ... until the next create or replace in the schema drops it.
        dir.write("small.csv", "id\n1\n")
        let next = try FerryBinary.run(["load", "small.csv", "--to", url, "--schema", schema, "--table", "small", "--json"], in: dir.path)
        #expect(next.status == 0)
        #expect(try PostgresTestServer.psql(tables, url: url).trimmingCharacters(in: .whitespacesAndNewlines) == "ferry_loads,small,t")
    }

    @Test("SQLite: replace, append and upsert leave the table identical", arguments: ["replace", "append", "upsert"])
    func sqlite(mode: String) throws {
        dir.write("before.csv", "id,name,amount\n" + (1...1000).map { "\($0),before \($0),\($0).50" }.joined(separator: "\n") + "\n")
        let setup = try FerryBinary.run(["load", "before.csv", "--table", "t", "--mode", "upsert", "--key", "id",
                                         "--column", "amount:decimal(12,2)"], in: dir.path)
        #expect(setup.status == 0, "\(setup.stderr)")
        let checksum = "select count(*), sum(id), group_concat(name, '|') from (select * from t order by id)"
        let before = try SQLiteShell.query(dir.file("ferry.db"), checksum)
        _ = try killMidLoad(["--table", "t", "--mode", mode] + (mode == "upsert" ? ["--key", "id"] : []),
                            firstID: mode == "upsert" ? 500 : 1_001)
        // The next connection finds the hot journal and rolls the transaction back.
        #expect(try SQLiteShell.query(dir.file("ferry.db"), checksum) == before)
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select count(*) from sqlite_master where type = 'table' and name not in ('t', 'ferry_loads')") == "0\n")
    }
}
