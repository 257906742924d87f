package import FerryCore

/// A database connector under the conformance suite. Each test gets its own sandbox.
package protocol ConformanceTarget: Sendable, CustomStringConvertible {
    /// A fresh, empty place to load into (a database file, a schema).
    func makeSandbox() throws -> any ConformanceSandbox
}

/// One test's private target namespace.
package protocol ConformanceSandbox {
    /// The request's target for `table`.
    func endpoint(table: String) -> TargetEndpoint
    /// A sink for `table`, as the CLI would build it.
    func sink(table: String, runID: RunID) throws(FerryError) -> any BatchSink
    /// The table's rows as canonical text (nil = NULL) ordered by the first column, or nil when
    /// the table does not exist. Read independently of the sink under test where possible.
    func rows(table: String) throws -> [[String?]]?
    /// Runs SQL directly (set-up: indexes, constraints, existing tables).
    func execute(_ sql: String) throws
    /// Removes the sandbox.
    func remove()
}
