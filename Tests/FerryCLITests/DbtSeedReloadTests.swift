@testable import FerryCLI
import FerryCore
import Testing

/// When `ferry dbt` loads a seed again, and when it leaves the table as the ledger shows it.
@Suite("ferry dbt: skipping unchanged seeds")
struct DbtSeedReloadTests {
    static let sha = String(repeating: "ab", count: 32)
    static let loadedColumns = #"[{"name":"id","type":"bigint"},{"name":"amount","type":"decimal(12,2)"}]"#

    func snapshot(completed: Bool = true, sha256: String? = sha, columnTypes: String? = loadedColumns,
                  recorded: Int64? = 16_384, current: Int64? = 16_384, exists: Bool = true) -> LedgerSnapshot {
        LedgerSnapshot(runID: "r1", completed: completed, sourceSHA256: sha256, columnTypes: columnTypes,
                       recordedIdentity: recorded, currentIdentity: current, tableExists: exists)
    }

    let declared = [DeclaredColumn(name: "amount", type: .decimal(precision: 12, scale: 2))]

    func decide(_ latest: LedgerSnapshot?, sha256: String = sha, declared: [DeclaredColumn]? = nil, forced: Bool = false) -> DbtSeedReload {
        DbtSeedReload.decide(latest: latest, sha256: sha256, declared: declared ?? self.declared, forced: forced)
    }

    @Test("the same CSV, column types and table: skipped, naming the run that loaded it")
    func unchangedIsSkipped() {
        #expect(decide(snapshot()) == .skip(runID: "r1"))
        // No declared columns: the inferred ones follow from the same bytes.
        #expect(decide(snapshot(), declared: []) == .skip(runID: "r1"))
        // SQLite records no identity: the checksum, the types and the table's existence decide.
        #expect(decide(snapshot(recorded: nil, current: nil)) == .skip(runID: "r1"))
    }

    @Test("--reload loads even an unchanged seed")
    func forced() {
        #expect(decide(snapshot(), forced: true) == .load(reason: "--reload"))
    }

    @Test("each difference from the latest ledger row loads the seed and says why", arguments: [
        ("no row", nil, sha, "the ledger has no load of its table"),
        ("failed", LedgerSnapshotCase.failed, sha, "its latest load (run r1) failed"),
        ("gone", .gone, sha, "its table no longer exists"),
        ("replaced", .replaced, sha, "its table was replaced since run r1 (oid 16384, now 16999)"),
        ("csv", .unchanged, String(repeating: "cd", count: 32), "the CSV changed since run r1"),
        ("old row", .noColumnTypes, sha, "run r1 recorded no column types (an older Ferry wrote it)"),
        ("types", .otherTypes, sha, "column_types.amount is decimal(12,2) now, double in run r1"),
        ("new column", .columnMissing, sha, "column_types.amount is decimal(12,2) now, absent in run r1"),
    ] as [(String, LedgerSnapshotCase?, String, String)])
    func reloads(_ name: String, _ state: LedgerSnapshotCase?, _ sha256: String, _ reason: String) {
        #expect(decide(state.map { $0.snapshot(self) }, sha256: sha256) == .load(reason: reason), "\(name)")
    }
}

/// The ledger states `reloads` runs through.
enum LedgerSnapshotCase: Sendable {
    case unchanged, failed, gone, replaced, noColumnTypes, otherTypes, columnMissing

    func snapshot(_ tests: DbtSeedReloadTests) -> LedgerSnapshot {
        switch self {
        case .unchanged: tests.snapshot()
        case .failed: tests.snapshot(completed: false)
        case .gone: tests.snapshot(current: nil, exists: false)
        case .replaced: tests.snapshot(current: 16_999)
        case .noColumnTypes: tests.snapshot(columnTypes: nil, recorded: nil)
        case .otherTypes: tests.snapshot(columnTypes: #"[{"name":"id","type":"bigint"},{"name":"amount","type":"double"}]"#)
        case .columnMissing: tests.snapshot(columnTypes: #"[{"name":"id","type":"bigint"}]"#)
        }
    }
}
