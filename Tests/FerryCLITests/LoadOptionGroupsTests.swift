import FerryTestSupport
import Testing

/// `ferry load`'s flags live in option groups (job, Parquet, rejects, retries, report, print);
/// the command line, its help and the request it builds are those of the flags declared one by one.
@Suite("ferry load option groups")
struct LoadOptionGroupsTests {
    /// The long flags of a help text's OPTIONS section, in order.
    static func flags(_ help: String) -> [String] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "OPTIONS:") else { return [] }
        return lines[(start + 1)...].compactMap { line in
            // A flag's line starts two spaces in (`  --to <TARGET>`, `  -q, --quiet`); the lines
            // that continue its help start further in.
            guard line.hasPrefix("  -") else { return nil }
            return line.split(separator: " ").first { $0.hasPrefix("--") }.map(String.init)
        }
    }

    @Test("the help lists every flag in its place")
    func helpOrder() throws {
        let dir = TemporaryDirectory()
        let load = try FerryBinary.run(["load", "--help"], in: dir.path)
        #expect(load.status == 0)
        #expect(Self.flags(load.stdout) == [
            "--to", "--table", "--schema", "--ledger-schema", "--create-schema", "--copy-streams", "--compression",
            "--row-group-rows", "--partition-by", "--max-file-size", "--mode", "--key", "--max-rejects", "--reject-path",
            "--batch-size", "--retries", "--retry-budget", "--if-loaded", "--union-by-name", "--provenance", "--commit-every",
            "--resume/--no-resume", "--source-table", "--query", "--job", "--namespace", "--checks", "--report", "--json",
            "--print-request", "--show-secrets", "--format", "--delimiter", "--no-header", "--null", "--encoding",
            "--infer-rows", "--column", "--quiet", "--log-level", "--version", "--help",
        ])
        let run = try FerryBinary.run(["run", "--help"], in: dir.path)
        #expect(Self.flags(run.stdout) == ["--request", "--validate", "--report", "--quiet", "--log-level", "--version", "--help"])
    }

    @Test("the grouped flags build the request members they built before, in the same order")
    func request() throws {
        let dir = TemporaryDirectory()
        let out = try FerryBinary.run([
            "load", "orders.csv", "--to", "out.parquet", "--compression", "snappy", "--row-group-rows", "500",
            "--partition-by", "a, b", "--max-file-size", "1MiB", "--max-rejects", "2.5%", "--reject-path", "r.jsonl",
            "--batch-size", "10", "--retries", "3", "--retry-budget", "60", "--namespace", "ns", "--print-request",
        ], in: dir.path)
        #expect(out.status == 0)
        #expect(out.stdout == #"""
            {"contract_version":1,"job":{"name":"load_data","namespace":"ns"},"source":{"kind":"file","path":"orders.csv"},"target":{"kind":"parquet","path":"out.parquet","compression":"snappy","row_group_rows":500,"partition_by":["a","b"],"max_file_bytes":1048576},"mode":"create","options":{"max_rejects":"2.5%","reject_path":"r.jsonl","batch_size":10,"retries":3,"retry_budget":60}}

            """#)
        let named = try FerryBinary.run(["load", "orders.csv", "--job", "j", "--table", "t", "--print-request"], in: dir.path)
        #expect(named.stdout.hasPrefix(#"{"contract_version":1,"job":{"name":"j"},"#))
        let defaulted = try FerryBinary.run(["load", "orders.csv", "--namespace", "n", "--table", "t", "--print-request"], in: dir.path)
        #expect(defaulted.stdout.hasPrefix(#"{"contract_version":1,"job":{"name":"load_t","namespace":"n"},"#))
    }

    @Test("a Parquet flag is refused for a target that is not Parquet, naming the flag")
    func parquetFlagElsewhere() throws {
        let dir = TemporaryDirectory()
        let out = try FerryBinary.run(["load", "orders.csv", "--to", "sqlite:a.db", "--row-group-rows", "5", "--print-request"], in: dir.path)
        #expect(out.status == 2)
        #expect(out.stderr.contains("--row-group-rows does not apply to a sqlite target"))
    }
}
