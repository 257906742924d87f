import Foundation
import FerryCore
import FerryTestSupport
import Testing

/// Chunked loads killed at random points (Docs/many-files.md, "Chunked, resumable loads"): after
/// SIGKILL, `--resume` must leave the target with every row of the file exactly once and no
/// staging table or checkpoint behind (issue 18).
@Suite("SIGKILL mid-chunked-load, then --resume", .serialized)
struct ChunkedKillTests {
    let dir = TemporaryDirectory()
    static let rows = 200_000
    static let commitEvery = 20_000
    static let seeds: [UInt64] = Array(1...10)
    static let columns = ["--column", "id:bigint!", "--column", "name:text", "--column", "amount:decimal(12,2)", "--column", "note:text"]

    /// The file every seed loads: a quoted field with a line break and a comma every 997th row,
    /// so record numbers and line numbers differ.
    private func writeInput() -> String {
        var text = "id,name,amount,note\n"
        text.reserveCapacity(Self.rows * 40)
        for id in 1...Self.rows {
            let note = id % 997 == 0 ? "\"two\nlines, \"\"quoted\"\"\"" : "n\(id % 13)"
            text += "\(id),name \(id % 977),\(id % 100_000).\(id % 10)\(id % 7),\(note)\n"
        }
        dir.write("input.csv", text)
        return dir.file("input.csv")
    }

    /// A deterministic generator per seed (SplitMix64).
    private struct Draws {
        var state: UInt64
        mutating func next(below bound: UInt64) -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (z ^ (z >> 31)) % bound
        }
    }

    /// Starts the chunked load, kills it at the seed's point (after 0 to all chunks' checkpoints,
    /// plus up to 150 ms), then resumes it unless the killed run had completed; returns the
    /// resumed run's output (or the killed run's, when it completed).
    private func killAndResume(_ target: [String], seed: UInt64) throws -> FerryBinary.Output {
        var draws = Draws(state: seed)
        let chunks = UInt64(Self.rows / Self.commitEvery)
        let afterChunks = draws.next(below: chunks + 1)
        let extraMicros = useconds_t(draws.next(below: 150_000))
        let arguments = ["load", "input.csv", "--json", "--mode", "append", "--batch-size", "5000",
                         "--commit-every", "\(Self.commitEvery)"] + Self.columns + target
        let running = try FerryBinary.start(arguments, in: dir.path)
        let marker = afterChunks == 0 ? #""type":"run_started""# : #""chunks":\#(afterChunks),"rows_staged""#
        _ = running.waitForStdout(containing: marker, timeout: 300)
        usleep(extraMicros)
        running.signal(SIGKILL)
        let killed = running.wait()
        if killed.stdout.contains("run_completed") { return killed }
        #expect(killed.status == -1 || killed.status == 9 || killed.status == 137, "seed \(seed): exit \(killed.status) \(killed.stderr)")
        let resumed = try FerryBinary.run(arguments + ["--resume"], in: dir.path)
        #expect(resumed.status == 0, "seed \(seed) (killed after \(afterChunks) chunks): \(resumed.stderr)")
        #expect(resumed.last?.at("rows_written")?.intValue == Self.rows, "seed \(seed)")
        return resumed
    }

    @Test("PostgreSQL: the target equals a \\copy of the file and the staging table is gone")
    func postgres() throws {
        let input = writeInput()
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql("""
            create table "\(schema)".expected (id bigint not null, name text, amount numeric(12,2), note text);
            \\copy "\(schema)".expected from '\(input)' with (format csv, header true)
            """, url: url)
        for seed in Self.seeds {
            let table = "t\(seed)"
            _ = try killAndResume(["--to", url, "--schema", schema, "--table", table], seed: seed)
            let difference = """
                select (select count(*) from (select id, name, amount, note from "\(schema)".\(table) except all select * from "\(schema)".expected) a),
                       (select count(*) from (select * from "\(schema)".expected except all select id, name, amount, note from "\(schema)".\(table)) b),
                       (select count(*) from "\(schema)".\(table))
                """
            #expect(try PostgresTestServer.psql(difference, url: url) == "0|0|\(Self.rows)", "seed \(seed)")
            let staging = "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = '\(schema)' and relname like 'ferry_chunks_%'"
            #expect(try PostgresTestServer.psql(staging, url: url) == "0", "seed \(seed)")
            #expect(try PostgresTestServer.psql("select count(*) from \"\(schema)\".ferry_checkpoints", url: url) == "0", "seed \(seed)")
        }
    }

    @Test("SQLite: the table holds every row of the file once and the staging table is gone")
    func sqlite() throws {
        _ = writeInput()
        let ids = (1...Self.rows)
        let expected = "\(Self.rows)|\(Self.rows)|\(ids.reduce(0, +))|\(ids.filter { $0 % 997 == 0 }.count)|\(ids.reduce(0) { $0 + $1 % 977 })\n"
        for seed in Self.seeds {
            let database = "seed\(seed).db"
            _ = try killAndResume(["--to", "sqlite:" + database, "--table", "t"], seed: seed)
            let check = "select count(*), count(distinct id), sum(id), sum(note like 'two%'), sum(cast(substr(name, 6) as integer)) from t"
            #expect(try SQLiteShell.query(dir.file(database), check) == expected, "seed \(seed)")
            let leftovers = "select (select count(*) from sqlite_master where name like 'ferry_chunks_%') || '|' || (select count(*) from ferry_checkpoints)"
            #expect(try SQLiteShell.query(dir.file(database), leftovers) == "0|0\n", "seed \(seed)")
        }
    }
}
