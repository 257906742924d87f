/// Reads from a load's target database what checks need besides the rows (FerryChecks'
/// `reference` and `drift`): a table's columns, which values a column holds, and the load
/// ledger's record of the job's last completed load. Used from the thread that writes the load.
package protocol TargetLookup: AnyObject {
    /// The columns of `table` (in `schema`, or where the target's table is), nil when there is
    /// no such table.
    func columns(schema: String?, table: String) throws(FerryError) -> [String]?
    /// Which of `values` (values as Ferry writes them) `column` of `table` holds; at most
    /// `batchLimit` values per call.
    func present(_ values: [String], schema: String?, table: String, column: String) throws(FerryError) -> Set<String>
    /// The ledger's `checks` text (`LedgerColumn.checks`) of the last completed load of `job`;
    /// nil when the ledger has none (no ledger, no completed load, or loads of an older Ferry).
    func lastChecksRecord(job: Job) throws(FerryError) -> String?
}

/// A sink (or its target) that can open a `TargetLookup` on its database.
package protocol TargetLookupProvider: AnyObject {
    /// A lookup on the sink's database: its own connection, or the load's where the database
    /// allows only one writer and reads must see through it (SQLite).
    func targetLookup() throws(FerryError) -> any TargetLookup
}

extension TargetLookup {
    /// Values per `present` call: one statement's worth of parameters on every database.
    package var batchLimit: Int { 500 }
}

extension TransactionalSink: TargetLookupProvider where Target: TargetLookupProvider {
    package func targetLookup() throws(FerryError) -> any TargetLookup {
        try target.targetLookup()
    }
}
