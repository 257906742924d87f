package import FerryCore

/// The request's `transform` as a `SchemaStage`: select, drop, rename, derived columns, casts,
/// defaults, audit columns and the `where` filter, typed against the input's schema at `start`
/// and evaluated column-wise over each batch (`ExprEvaluator`).
package final class ShapeStage: SchemaStage {
    private let spec: TransformSpec
    private let key: [String]
    private let runID: String
    private let loadedAtMicros: Int64
    /// The output columns: name and typed value.
    private(set) var outputs: [(name: String, value: TypedExpr)] = []
    private var filter: TypedExpr?
    private var filtered = 0
    private var nonNullable: [Int] = []
    /// Changes to the existing table (`on_schema_change`), decided in `start`.
    package internal(set) var schemaChanges: [SchemaChange] = []

    package var onSchemaChange: OnSchemaChange? { spec.onSchemaChange }

    /// `key`: the request's key columns (output names; a NULL there rejects the row).
    /// `loadedAtMillis`: the run's start, for `_loaded_at`.
    package init(spec: TransformSpec, key: [String], runID: String, loadedAtMillis: Int64) {
        self.spec = spec
        self.key = key
        self.runID = runID
        loadedAtMicros = loadedAtMillis * 1000
    }

    package var resultMembers: [(key: String, value: JSONValue)] { [("rows_filtered", .int(filtered))] }

    package func start(input: Schema, existing table: [Column]?) throws(FerryError) -> Schema {
        var plan = ShapePlan(spec: spec, input: input)
        plan.build()
        plan.normaliseNames()
        plan.compile(audit: auditValues())
        var columns = plan.columns
        let existing = evolve(&columns, existing: table, plan: &plan)
        if let existing { plan.fit(&columns, to: existing) }
        if !plan.issues.isEmpty { throw FerryError(InvalidRequest(issues: plan.issues)) }
        if let table = existing.flatMap({ e in ShapePlan.extra(columns.map(\.column.name), existing: e) }), !table.isEmpty {
            throw FerryError(.targetSchemaMismatch, stage: .validate,
                             "output column\(table.count == 1 ? "" : "s") \(table.map { "\"\($0)\"" }.joined(separator: ", ")) not in the target table; use mode replace to recreate it, or leave the column\(table.count == 1 ? "" : "s") out")
        }
        outputs = columns.map { ($0.column.name, $0.value) }
        filter = plan.filter
        let keys = Set(key.map(ColumnName.init))
        var schema = Schema(columns: columns.map(\.column))
        for k in key where schema.index(of: k) == nil {
            throw FerryError(.sourceSchema, stage: .validate,
                             "key column \"\(k)\" is not among the transform's output columns (\(schema.names.map { "\"\($0)\"" }.joined(separator: ", ")))")
        }
        for (i, c) in schema.columns.enumerated() where keys.contains(ColumnName(c.name)) {
            schema.columns[i].nullable = false
            nonNullable.append(i)
        }
        return schema
    }

    private func auditValues() -> [TransformSpec.AuditColumn: TypedExpr] {
        var at = ColumnVector(type: .timestamptz)
        at.append(int: loadedAtMicros)
        var id = ColumnVector(type: .text)
        id.append(text: runID)
        return [.loadedAt: .constant(at), .runID: .constant(id)]
    }

    package func shape(_ batch: TypedBatch) throws(FerryError) -> ShapedBatch {
        let n = batch.rowCount
        var keep = [Bool](repeating: true, count: n)
        var rejected: [(row: Int, column: String?, reason: String)] = []
        var isRejected = [Bool](repeating: false, count: n)
        if let filter {
            var ev = ExprEvaluator(batch: batch)
            let v = ev.eval(filter)
            for i in 0..<n where v.isNull[i] || v.ints[i] == 0 { keep[i] = false }
            for (row, reason) in ev.errors {
                rejected.append((row, nil, "where: \(reason)"))
                isRejected[row] = true
            }
        }
        if spec.dropNullRows {
            for i in 0..<n where batch.columns.allSatisfy({ $0.isNull[i] }) { keep[i] = false }
        }
        var out = TypedBatch(schema: Schema(columns: []))
        out.lines = batch.lines
        for (name, value) in outputs {
            var ev = ExprEvaluator(batch: batch)
            out.columns.append(ev.eval(value))
            for (row, reason) in ev.errors where keep[row] && !isRejected[row] {
                rejected.append((row, name, "column \"\(name)\": \(reason)"))
                isRejected[row] = true
            }
        }
        for c in nonNullable {
            for i in 0..<n where keep[i] && !isRejected[i] && out.columns[c].isNull[i] {
                rejected.append((i, outputs[c].name, "key column \"\(outputs[c].name)\" is NULL"))
                isRejected[i] = true
            }
        }
        var kept = 0
        for i in 0..<n {
            if !keep[i] { filtered += 1 } else if isRejected[i] { keep[i] = false } else { kept += 1 }
        }
        if kept < n {
            for c in out.columns.indices { out.columns[c] = out.columns[c].keeping(keep) }
            out.lines = batch.lines.indices.filter { keep[$0] }.map { batch.lines[$0] }
        }
        return ShapedBatch(rows: out, rejected: rejected.sorted { $0.row < $1.row })
    }
}
