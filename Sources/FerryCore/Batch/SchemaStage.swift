/// A step between typing and the target that changes the schema: the rows the target gets have
/// other columns than the input's (selected, renamed, dropped, derived), and some input rows may
/// be left out (filtered) or rejected with a reason. Transforms are one such stage.
///
/// The engine (`LoadRun`) runs at most one, before the `BatchStage`s, on the writer thread:
/// 1. `start(input:existing:)` once, after the input's schema is resolved and before the target
///    is touched: it returns the schema the target gets (which `BatchStage`s, the sink and the
///    ledger then see), or throws a request error and nothing is written. `existing` are the
///    target table's columns when the load keeps the table (append, truncate, upsert, update):
///    the output must fit them;
/// 2. `shape(_:)` for every typed batch, in input order;
/// 3. `finish(_:)` once when the input ended: a stage that held rows back (de-duplication)
///    hands them on, in batches of its output schema, which then meet the target like the rest;
/// 4. `resultMembers` after the run, as for `BatchStage`.
package protocol SchemaStage: AnyObject {
    /// The output schema for input rows of `input`; throws to refuse the run before anything is touched.
    func start(input: Schema, existing: [Column]?) throws(FerryError) -> Schema
    /// The output rows of one input batch.
    func shape(_ batch: TypedBatch) throws(FerryError) -> ShapedBatch
    /// The input ended: hands on the rows the stage held back, if any.
    func finish(_ emit: (TypedBatch) throws(FerryError) -> Void) throws(FerryError)
    /// Members this stage adds to the run's result.
    var resultMembers: [(key: String, value: JSONValue)] { get }
    /// Changes to the existing table's columns that `start` decided on (`on_schema_change`).
    var schemaChanges: [SchemaChange] { get }
    /// The request's `on_schema_change`, the policy behind `schemaChanges`.
    var onSchemaChange: OnSchemaChange? { get }
}

extension SchemaStage {
    package var schemaChanges: [SchemaChange] { [] }
    package var onSchemaChange: OnSchemaChange? { nil }
}

extension SchemaStage {
    package func finish(_ emit: (TypedBatch) throws(FerryError) -> Void) throws(FerryError) {}
}

/// What a `SchemaStage` makes of one batch.
package struct ShapedBatch {
    /// The output rows (of the stage's output schema), with the input lines they came from.
    package var rows: TypedBatch
    /// Input rows (by index into the input batch) that could not be shaped, and why.
    package var rejected: [(row: Int, column: String?, reason: String)]

    package init(rows: TypedBatch, rejected: [(row: Int, column: String?, reason: String)] = []) {
        self.rows = rows
        self.rejected = rejected
    }
}
