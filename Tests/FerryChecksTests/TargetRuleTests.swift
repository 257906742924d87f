import FerryCore
import FerryEngine
@testable import FerryChecks
import FerryTestSupport
import Testing

/// `reference` and `drift` through the real engine, with a target whose tables and ledger are in
/// memory (the pytest suite test_checks_target.py runs them against real SQLite and PostgreSQL).
@Suite("Checks against the target")
struct TargetRuleTests {
    final class Tables: TargetLookup, TargetLookupProvider {
        var tables: [String: [String: Set<String>]] = [:]
        var ledger: String?
        var queries: [[String]] = []

        func targetLookup() throws(FerryError) -> any TargetLookup { self }

        func columns(schema: String?, table: String) throws(FerryError) -> [String]? {
            tables[table].map { Array($0.keys).sorted() }
        }

        func present(_ values: [String], schema: String?, table: String, column: String) throws(FerryError) -> Set<String> {
            queries.append(values)
            return Set(values.filter { tables[table]?[column]?.contains($0) == true })
        }

        func lastChecksRecord(job: Job) throws(FerryError) -> String? { ledger }
    }

    struct Outcome {
        var result: RunResult
        var suite: CheckSuite
        var rejects: MemoryRejects
        func check(_ name: String) -> CheckOutcome? { suite.outcomes.first { $0.name == name } }
    }

    private func load(_ columns: [String], _ rows: [[String?]], checks: [CheckSpec], target: Tables?) throws -> Outcome {
        let request = LoadRequest(job: Job(name: "t"), source: .file(FileEndpoint(path: "in.csv", format: .csv)),
                                  target: .sqlite(SQLiteEndpoint(path: "x.db", table: "t")), mode: .replace, key: [],
                                  columns: [], options: LoadOptions(maxRejects: .count(100)))
        let suite = try CheckSuite(checks)
        suite.lookupProvider = target
        let rejects = MemoryRejects(path: "r.jsonl")
        var run = LoadRun(request: request, emitter: EventEmitter(sinks: []), cancellation: Cancellation(), ferryVersion: "test")
        run.stages = [suite]
        let result = run.run(openSource: { MemorySource(columns: columns, rows: rows, chunkRows: 2) }, openSink: { MemorySink() },
                             openRejects: { _ in rejects })
        return Outcome(result: result, suite: suite, rejects: rejects)
    }

    @Test("reference rejects the rows whose value the table lacks, looking each distinct value up once")
    func reference() throws {
        let target = Tables()
        target.tables = ["customers": ["code": ["c1", "c2"]]]
        let o = try load(["id", "customer"], [["1", "c1"], ["2", "c9"], ["3", nil], ["4", "c1"], ["5", "c9"]], checks: [
            CheckSpec(name: "known", rule: .reference(schema: nil, table: "customers", column: "code"), columns: ["customer"], severity: .reject),
        ], target: target)
        let known = try #require(o.check("known"))
        #expect((known.status, known.evaluated, known.failing) == (.warned, 4, 2))
        #expect(known.samples == [CheckOutcome.Sample(line: 3, value: "c9"), CheckOutcome.Sample(line: 6, value: "c9")])
        #expect(o.rejects.records.map(\.line) == [3, 6])
        // Batches of two rows: c1 and c9 asked once, the NULL never.
        #expect(target.queries.flatMap { $0 }.sorted() == ["c1", "c9"])
    }

    @Test("a missing table or column of reference is a request error with the check's path")
    func referenceTableMissing() throws {
        let target = Tables()
        target.tables = ["customers": ["code": []]]
        for (rule, path, message) in [
            (CheckRule.reference(schema: nil, table: "clients", column: nil), "$.checks[0].table", "no table clients on the target"),
            (.reference(schema: nil, table: "customers", column: "cod"), "$.checks[0].table_column", "did you mean \"code\"?"),
        ] {
            let o = try load(["customer"], [["c1"]], checks: [CheckSpec(name: "r", rule: rule, columns: ["customer"])], target: target)
            let issues = o.result.error?.issues ?? []
            #expect(issues.contains { $0.path.description == path && $0.message.contains(message) }, "\(issues)")
        }
        let none = try load(["customer"], [["c1"]], checks: [
            CheckSpec(name: "r", rule: .reference(schema: nil, table: "customers", column: "code"), columns: ["customer"]),
        ], target: nil)
        #expect(none.result.error?.issues.first?.path.description == "$.checks[0].rule")
    }

    @Test("drift passes the first load with a note and records the metrics in the ledger")
    func driftFirstLoad() throws {
        let o = try load(["a", "n"], [["x", "1"], [nil, "2"], ["x", "3"], ["y", "6"]], checks: [
            CheckSpec(name: "rows", rule: .drift(metric: .rowCount, maxChangePercent: 10), columns: []),
            CheckSpec(name: "nulls", rule: .drift(metric: .nullRate, maxChangePercent: 10), columns: ["a"]),
            CheckSpec(name: "distinct", rule: .drift(metric: .distinctCount, maxChangePercent: 10), columns: ["a"]),
            CheckSpec(name: "mean", rule: .drift(metric: .mean, maxChangePercent: 10), columns: ["n"]),
        ], target: Tables())
        #expect(o.result.status == .completed)
        for name in ["rows", "nulls", "distinct", "mean"] {
            #expect(o.check(name)?.status == .passed)
            #expect(o.check(name)?.note?.contains("no earlier completed load") == true)
        }
        let metrics = ChecksRecord.metrics(o.suite.ledgerRecord)
        #expect(metrics == ["row_count": 4, "null_rate:a": 0.25, "distinct_count:a": 2, "mean:n": 3])
    }

    @Test("drift fails over max_change_percent of the last completed load's metric")
    func driftChange() throws {
        let target = Tables()
        target.ledger = #"{"passed":1,"warned":0,"failed":0,"checks":[],"metrics":{"row_count":2,"mean:n":3.0}}"#
        let o = try load(["n"], [["1"], ["2"], ["3"]], checks: [
            CheckSpec(name: "rows", rule: .drift(metric: .rowCount, maxChangePercent: 40), columns: [], severity: .warn),
            CheckSpec(name: "mean", rule: .drift(metric: .mean, maxChangePercent: 40), columns: ["n"]),
            CheckSpec(name: "nulls", rule: .drift(metric: .nullRate, maxChangePercent: 40), columns: ["n"]),
        ], target: target)
        #expect(o.result.status == .completed)
        #expect(o.check("rows")?.status == .warned)
        #expect(o.check("rows")?.note == "row_count 2 → 3 (change 50 %; at most 40 %)")
        #expect(o.check("rows")?.samples == [CheckOutcome.Sample(line: nil, value: "3")])
        #expect(o.check("mean")?.status == .passed)
        #expect(o.check("mean")?.note == "mean:n 3 → 2 (change 33.33 %; at most 40 %)")
        #expect(o.check("nulls")?.note?.contains("no earlier completed load") == true)
    }

    @Test("samples: lines keeps failing values out of the outcome")
    func samplesLines() throws {
        var spec = CheckSpec(name: "nn", rule: .regex(pattern: "^[0-9]+$"), columns: ["a"], severity: .warn)
        spec.samples = .lines
        let o = try load(["a"], [["12"], ["secret"]], checks: [spec], target: nil)
        let outcome = try #require(o.check("nn"))
        #expect(outcome.samples == [CheckOutcome.Sample(line: 3, value: nil)])
        #expect(!outcome.valuesShown)
        #expect(!outcome.json.serialized().contains("secret"))
    }

    @Test("drift change: percent of the previous value, unbounded from zero")
    func changePercent() {
        #expect(DriftCheck.changePercent(from: 100, to: 150) == 50)
        #expect(DriftCheck.changePercent(from: 100, to: 50) == 50)
        #expect(DriftCheck.changePercent(from: 0, to: 0) == 0)
        #expect(DriftCheck.changePercent(from: 0, to: 1) == .infinity)
        #expect(DriftCheck.changePercent(from: nil, to: 1) == nil)
    }
}
