import FerryCore

extension ShapeStage {
    /// Applies `on_schema_change` to the output columns against the existing table: records the
    /// changes to make, leaves out what `ignore` leaves out, and reports `fail`'s differences.
    /// Returns the table's columns as they will be once the changes are made.
    func evolve(_ columns: inout [ShapePlan.Output], existing: [Column]?, plan: inout ShapePlan) -> [Column]? {
        schemaChanges = []
        guard let policy = onSchemaChange, let existing else { return existing }
        let evolution = SchemaEvolution(policy: policy, outputs: columns.map(\.column), existing: existing)
        for issue in evolution.issues { plan.report(issue.path, issue.message) }
        columns.removeAll { evolution.leftOut.contains(ColumnName($0.column.name)) }
        schemaChanges = evolution.changes
        return evolution.table
    }
}
