import FerryCore

/// Whether `ferry dbt` loads a planned seed or leaves its table as the ledger shows it: a seed
/// is skipped only when the latest ledger row for its table is a completed load of the same CSV
/// bytes (SHA-256), with the column types the seed declares now, into the table that is there now
/// (PostgreSQL: the same oid; SQLite has no table identity, so there the table only has to exist).
enum DbtSeedReload: Equatable {
    /// Load it; `reason` says why, for the log.
    case load(reason: String)
    /// Leave it: run `runID` already loaded exactly this.
    case skip(runID: String)

    /// The decision for a seed whose CSV now has `sha256` and whose request declares `declared`.
    static func decide(latest: LedgerSnapshot?, sha256: String, declared: [DeclaredColumn], forced: Bool) -> DbtSeedReload {
        if forced { return .load(reason: "--reload") }
        guard let latest else { return .load(reason: "the ledger has no load of its table") }
        let run = "run \(latest.runID)"
        guard latest.completed else { return .load(reason: "its latest load (\(run)) failed") }
        guard latest.tableExists else { return .load(reason: "its table no longer exists") }
        if let recorded = latest.recordedIdentity, recorded != latest.currentIdentity {
            return .load(reason: "its table was replaced since \(run) (oid \(recorded), now \(latest.currentIdentity.map(String.init) ?? "none"))")
        }
        guard latest.sourceSHA256 == sha256 else { return .load(reason: "the CSV changed since \(run)") }
        guard let text = latest.columnTypes, let loaded = LedgerEntry.parseColumnTypes(text) else {
            return .load(reason: "\(run) recorded no column types (an older Ferry wrote it)")
        }
        for column in declared {
            let was = loaded.first { $0.name == column.name }?.type
            if was != column.type {
                return .load(reason: "column_types.\(column.name) is \(column.type) now, \(was.map(\.name) ?? "absent") in \(run)")
            }
        }
        return .skip(runID: latest.runID)
    }
}
