/// A completed ledger row of a file source, as a target's ledger reports it for the skip
/// decision (`IfLoaded`): where it was loaded from, its bytes' fingerprint and the run.
package struct LoadedFile: Sendable, Equatable {
    /// The ledger's `source_uri`: the file's path as the loading request named it.
    package var sourceURI: String
    /// The ledger's `source_sha256` and `source_bytes`.
    package var fingerprint: SourceFingerprint
    /// The ledger's `run_id` of the load.
    package var runID: String

    package init(_ sourceURI: String, _ fingerprint: SourceFingerprint, loadedBy runID: String) {
        (self.sourceURI, self.fingerprint, self.runID) = (sourceURI, fingerprint, runID)
    }

    /// The last segment of a `/`-separated path: the name the fingerprint compares.
    package static func name(of path: String) -> Substring {
        path.split(separator: "/").last ?? Substring(path)
    }

    /// The ledger query of the SQLite and PostgreSQL readers (ODBC reads the whole ledger table
    /// through its source, for any dialect): `source_uri`, `source_sha256`,
    /// `source_bytes` and `run_id` of the completed rows of one target table (`parameter`, the
    /// dialect's placeholder) that carry a checksum and a size.
    package static func selectSQL(ledger table: String, parameter: String) -> String {
        "SELECT \(LedgerColumn.sourceURI), \(LedgerColumn.sourceSHA256), \(LedgerColumn.sourceBytes), \(LedgerColumn.runID)"
            + " FROM \(table) WHERE \(LedgerColumn.targetTable) = \(parameter)"
            + " AND \(LedgerColumn.status) = 'completed' AND \(LedgerColumn.sourceSHA256) IS NOT NULL"
            + " AND \(LedgerColumn.sourceBytes) IS NOT NULL"
    }
}
