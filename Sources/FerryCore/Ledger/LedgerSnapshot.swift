/// What the load ledger says about one target table now: its latest row (whatever its status)
/// and the table's current identity, read by `ferry dbt` to decide whether a seed must be loaded
/// again (`SeedReload` in FerryCLI).
package struct LedgerSnapshot: Sendable, Equatable {
    package var runID: String
    /// Whether the latest row is a completed load.
    package var completed: Bool
    package var sourceSHA256: String?
    /// `LedgerColumn.columnTypes` of the row; nil in rows of older Ferry versions.
    package var columnTypes: String?
    /// The table identity the row recorded (PostgreSQL: the oid); nil where the database has none.
    package var recordedIdentity: Int64?
    /// The table's identity now; nil where the database has none or the table is gone.
    package var currentIdentity: Int64?
    /// Whether the target table exists now.
    package var tableExists: Bool

    package init(runID: String, completed: Bool, sourceSHA256: String?, columnTypes: String?,
                 recordedIdentity: Int64?, currentIdentity: Int64?, tableExists: Bool) {
        self.runID = runID
        self.completed = completed
        self.sourceSHA256 = sourceSHA256
        self.columnTypes = columnTypes
        self.recordedIdentity = recordedIdentity
        self.currentIdentity = currentIdentity
        self.tableExists = tableExists
    }
}
