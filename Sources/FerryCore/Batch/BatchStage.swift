/// One step of a load between typing and the target: it sees every typed batch, may move rows
/// to the reject list with a reason, is told when the input ends and may then fail the run.
///
/// The engine (`LoadRun`) calls its configured stages in order, one call at a time, so a stage
/// needs no locking of its own. `process` runs on a thread of the stages' own (between the reader
/// and the writer) unless a stage says it needs the writer's (`processesOnWriterThread`); `start`,
/// `finish` and the results are called from the writer's thread:
/// 1. `start(schema:)` once, after the schema is resolved and before the target is touched: a
///    stage that cannot run against this schema (a column it names is missing) throws a `request`
///    error there and nothing is written;
/// 2. `process(_:)` for every batch, in input order; rows it rejects (`StagedBatch.reject`) go to
///    the reject file with its reason and count against `max_rejects`; later stages still see them
///    (`StagedBatch.isRejected` tells);
/// 3. `finish()` once when the input ended, before the commit; a throw rolls the load back, so the
///    target is left exactly as it was.
///
/// `resultMembers` are members the stage adds to the run's result (`run_completed`/`run_failed`),
/// read after the run ended, whether it completed or failed. Checks (FerryChecks) are one such
/// stage; transforms plug in the same way.
package protocol BatchStage: AnyObject {
    /// Prepares for rows of `schema`; throws to refuse the run before anything is touched.
    func start(schema: Schema) throws(FerryError)
    /// Sees one typed batch before the target does.
    func process(_ batch: inout StagedBatch) throws(FerryError)
    /// The input ended; throws to fail the run before the commit.
    func finish() throws(FerryError)
    /// Members this stage adds to the run's result.
    var resultMembers: [(key: String, value: JSONValue)] { get }
    /// What the stage records in the load's ledger row (`LedgerColumn.checks`), read when the
    /// row is written; nil: nothing.
    var ledgerRecord: String? { get }
    /// Whether `process` must run on the thread that writes to the target: it reads the target
    /// through the load's own connection (SQLite, ODBC), which only that thread may use.
    var processesOnWriterThread: Bool { get }
}

extension BatchStage {
    package var resultMembers: [(key: String, value: JSONValue)] { [] }
    package var ledgerRecord: String? { nil }
    package var processesOnWriterThread: Bool { false }
}
