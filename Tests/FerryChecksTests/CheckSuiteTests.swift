import FerryCore
import FerryEngine
@testable import FerryChecks
import FerryTestSupport
import Testing

/// Each rule through the real engine: a memory source typed by `LoadRun`, the suite as its stage.
@Suite("Check rules")
struct CheckSuiteTests {
    struct Outcome {
        var result: RunResult
        var suite: CheckSuite
        var sink: MemorySink
        var rejects: MemoryRejects
        func check(_ name: String) -> CheckOutcome? { suite.outcomes.first { $0.name == name } }
    }

    private func load(_ columns: [String], _ rows: [[String?]], types: [DeclaredColumn] = [], checks: [CheckSpec],
                      settings: CheckSuite.Settings = CheckSuite.Settings()) throws -> Outcome {
        let request = LoadRequest(job: Job(name: "t"), source: .file(FileEndpoint(path: "in.csv", format: .csv)),
                                  target: .sqlite(SQLiteEndpoint(path: "x.db", table: "t")), mode: .replace, key: [],
                                  columns: types, options: LoadOptions(maxRejects: .count(100)))
        let suite = try CheckSuite(checks, settings: settings)
        let sink = MemorySink(existingRows: [["old"]])
        let rejects = MemoryRejects(path: "r.jsonl")
        var run = LoadRun(request: request, emitter: EventEmitter(sinks: []), cancellation: Cancellation(), ferryVersion: "test")
        run.stages = [suite]
        let result = run.run(openSource: { MemorySource(columns: columns, rows: rows, chunkRows: 2) }, openSink: { sink },
                             openRejects: { _ in rejects })
        return Outcome(result: result, suite: suite, sink: sink, rejects: rejects)
    }

    private func counts(_ o: CheckOutcome?) -> [String] {
        guard let o else { return [] }
        return [o.status.rawValue, String(o.evaluated), String(o.failing)] + o.samples.map { "\($0.line.map(String.init) ?? "-"):\($0.value ?? "NULL")" }
    }

    @Test("not_null counts every value; other row rules skip NULLs")
    func notNull() throws {
        let o = try load(["a"], [["x"], [nil], ["y"]], checks: [
            CheckSpec(name: "nn", rule: .notNull, columns: ["a"], severity: .warn),
            CheckSpec(name: "len", rule: .length(min: 1, max: 1), columns: ["a"], severity: .warn),
        ])
        #expect(counts(o.check("nn")) == ["warned", "3", "1", "3:NULL"])
        #expect(counts(o.check("len")) == ["passed", "2", "0"])
        #expect(o.result.status == .completed)
    }

    @Test("in_set compares the text Ferry writes; max_failures tolerates")
    func inSet() throws {
        let o = try load(["s", "b"], [["open", "true"], ["shut", "false"], ["closed", "true"]], checks: [
            CheckSpec(name: "s", rule: .inSet(values: ["open", "closed"]), columns: ["s"], maxFailures: 1),
            CheckSpec(name: "b", rule: .inSet(values: ["true"]), columns: ["b"], severity: .warn),
        ])
        #expect(counts(o.check("s")) == ["passed", "3", "1", "3:shut"])
        #expect(counts(o.check("b")) == ["warned", "3", "1", "3:false"])
        #expect(o.result.status == .completed)
    }

    @Test("range on numbers, decimals, dates and timestamps, inclusive and not")
    func range() throws {
        let o = try load(["n", "d", "day", "ts"], [
            ["0", "1.50", "2026-01-01", "2026-01-01 00:00:00"],
            ["10", "2.5", "2026-01-31", "2026-01-01 12:00:00.5"],
            ["11", "-1", "2026-02-01", "2026-01-02 00:00:00"],
        ], types: [DeclaredColumn(name: "d", type: .anyDecimal), DeclaredColumn(name: "ts", type: .timestamp)], checks: [
            CheckSpec(name: "n", rule: .range(min: .number("0"), max: .number("10"), minInclusive: false, maxInclusive: true), columns: ["n"], severity: .warn),
            CheckSpec(name: "d", rule: .range(min: .number("0"), max: nil, minInclusive: true, maxInclusive: true), columns: ["d"], severity: .warn),
            CheckSpec(name: "day", rule: .range(min: .text("2026-01-01"), max: .text("2026-01-31"), minInclusive: true, maxInclusive: true), columns: ["day"], severity: .warn),
            CheckSpec(name: "ts", rule: .range(min: nil, max: .text("2026-01-01 12:00:00.5"), minInclusive: true, maxInclusive: false), columns: ["ts"], severity: .warn),
        ])
        #expect(counts(o.check("n")) == ["warned", "3", "2", "2:0", "4:11"])
        #expect(counts(o.check("d")) == ["warned", "3", "1", "4:-1"])
        #expect(counts(o.check("day")) == ["warned", "3", "1", "4:2026-02-01"])
        #expect(counts(o.check("ts")) == ["warned", "3", "2", "3:2026-01-01 12:00:00.5", "4:2026-01-02 00:00:00"])
    }

    @Test("reject checks move rows to the reject file and keep the rest; error checks fail before the commit")
    func severities() throws {
        let rows: [[String?]] = [["a@example.com"], ["nope"], ["b@example.org"], ["also nope"]]
        let rejecting = try load(["e"], rows, checks: [CheckSpec(name: "mail", rule: .format(.email), columns: ["e"], severity: .reject)])
        #expect(rejecting.result.status == .completed)
        #expect(rejecting.sink.committed == [["a@example.com"], ["b@example.org"]])
        #expect(rejecting.rejects.records.map(\.line) == [3, 5])
        #expect(rejecting.rejects.records.first?.reason == "check \"mail\" (format) failed")
        #expect(counts(rejecting.check("mail")) == ["warned", "4", "2", "3:nope", "5:also nope"])

        let capped = try load(["e"], rows, checks: [CheckSpec(name: "mail", rule: .format(.email), columns: ["e"], severity: .reject, maxFailureRatio: 0.25)])
        #expect(capped.result.error?.code == .checksFailed)
        #expect(capped.sink.committed == [["old"]])

        let failing = try load(["e"], rows, checks: [CheckSpec(name: "shape", rule: .regex(pattern: "^[a-z]+@"), columns: ["e"])])
        #expect(failing.result.error?.code == .checksFailed)
        #expect(failing.sink.rolledBack && failing.sink.committed == [["old"]])
        #expect(counts(failing.check("shape")) == ["failed", "4", "2", "3:nope", "5:also nope"])
        #expect(failing.result.jsonMembers.contains { $0.key == "checks" })
    }

    @Test("row_count and unique judge the rows that reach the target")
    func datasetRules() throws {
        let o = try load(["id", "ok"], [["1", "y"], ["2", "n"], ["1", "y"], ["2", "y"], [nil, "y"]], checks: [
            CheckSpec(name: "ok", rule: .inSet(values: ["y"]), columns: ["ok"], severity: .reject),
            CheckSpec(name: "count", rule: .rowCount(min: 5, max: nil), columns: [], severity: .warn),
            CheckSpec(name: "uid", rule: .unique, columns: ["id"], severity: .warn),
            CheckSpec(name: "pair", rule: .unique, columns: ["id", "ok"], severity: .warn),
        ])
        #expect(counts(o.check("count")) == ["warned", "1", "1", "-:4"])
        // Line 3 (id 2) was rejected, so id 2 at line 5 is its first; id 1 repeats at line 4.
        #expect(counts(o.check("uid")) == ["warned", "3", "1", "4:1"])
        #expect(counts(o.check("pair")) == ["warned", "3", "1", "4:1, y"])
    }

    @Test("freshness compares the newest value with the end of the input")
    func freshness() throws {
        var settings = CheckSuite.Settings()
        settings.now = try #require(CheckBound.micros(of: "2026-03-02 12:00:00"))
        let o = try load(["day", "at"], [["2026-03-01", "2026-03-01 23:00:00"], ["2026-02-27", "2026-03-02 01:00:00"]],
                         types: [DeclaredColumn(name: "at", type: .timestamp)], checks: [
            CheckSpec(name: "day", rule: .freshness(maxAgeSeconds: 86_400), columns: ["day"], severity: .warn),
            CheckSpec(name: "at", rule: .freshness(maxAgeSeconds: 10 * 3600), columns: ["at"], severity: .warn),
            CheckSpec(name: "at2", rule: .freshness(maxAgeSeconds: 12 * 3600), columns: ["at"], severity: .warn),
        ], settings: settings)
        #expect(counts(o.check("day")) == ["passed", "1", "0"])
        #expect(counts(o.check("at")) == ["warned", "1", "1", "-:2026-03-02 01:00:00"])
        #expect(counts(o.check("at2")) == ["passed", "1", "0"])
    }

    @Test("date_coverage finds missing days and business days, minus holidays")
    func coverage() throws {
        // 2026-11-02 is a Monday; 11-07/08 a weekend; 11-11 a holiday; 11-09 missing.
        let days: [[String?]] = ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-10", "2026-11-12"].map { [$0] }
        let o = try load(["day"], days, checks: [
            CheckSpec(name: "biz", rule: .dateCoverage(calendar: .businessDays, holidays: ["2026-11-11"], from: nil, to: nil), columns: ["day"], severity: .warn),
            CheckSpec(name: "all", rule: .dateCoverage(calendar: .everyDay, holidays: [], from: "2026-11-01", to: nil), columns: ["day"], severity: .warn),
        ])
        #expect(counts(o.check("biz")) == ["warned", "8", "1", "-:2026-11-09"])
        #expect(counts(o.check("all")) == ["warned", "12", "5", "-:2026-11-01", "-:2026-11-07", "-:2026-11-08", "-:2026-11-09", "-:2026-11-11"])
    }

    @Test("unique spills with a tiny cap and counts the same")
    func uniqueSpills() throws {
        let dir = TemporaryDirectory()
        var settings = CheckSuite.Settings()
        settings.uniqueMemoryCap = 200
        settings.spillParent = dir.path
        let rows: [[String?]] = (0..<300).map { [String($0 % 250)] }
        let o = try load(["id"], rows, checks: [CheckSpec(name: "uid", rule: .unique, columns: ["id"], severity: .warn)], settings: settings)
        #expect(o.check("uid")?.failing == 50)
        #expect(o.check("uid")?.evaluated == 300)
    }

    @Test("bad checks are request errors with their JSON paths, before the target is touched")
    func badChecks() throws {
        #expect(throws: FerryError.self) { try CheckSuite([CheckSpec(name: "r", rule: .regex(pattern: "(a"), columns: ["a"])]) }
        do {
            _ = try CheckSuite([CheckSpec(name: "ok", rule: .notNull, columns: ["a"]), CheckSpec(name: "r", rule: .regex(pattern: "a{2"), columns: ["a"])])
            Issue.record("a pattern that does not compile was taken")
        } catch {
            #expect(error.issues.map(\.path.description) == ["$.checks[1].pattern"])
            #expect(error.issues.first?.message == "the regular expression does not compile: expected {m}, {m,} or {m,n} at position 1")
        }
        let o = try load(["a"], [["x"]], checks: [
            CheckSpec(name: "m", rule: .notNull, columns: ["b"]),
            CheckSpec(name: "f", rule: .freshness(maxAgeSeconds: 1), columns: ["a"]),
        ])
        #expect(o.result.error?.code == .invalidRequest)
        #expect(o.result.error?.issues.map(\.path.description) == ["$.checks[0].column", "$.checks[1].column"])
        #expect(o.sink.committed == [["old"]])
    }
}
