import FerryCore

extension LoadRun {
    /// Checks the load's column names and count against the target's limits (PostgreSQL: 63
    /// bytes, 1,600 columns), counting the columns `on_schema_change` adds to an existing table,
    /// then hands the column changes to the sink, which refuses what it cannot make. All before
    /// anything is touched: a problem is a request error (exit 3) with its JSON path. Returns
    /// the event to emit once the changes are made (inside the load's transaction, in `begin`).
    func prepareSchemaChanges(_ schema: Schema, existing: [Column]?, sink: any BatchSink) throws(FerryError) -> SchemaChanged? {
        let limits = sink.valueLimits
        let changes = shaper?.schemaChanges ?? []
        let table = request.mode.keepsTable ? existing.map { Self.applying(changes, to: $0) } : nil
        var issues: [RequestIssue] = []
        if let limit = limits.identifierLimit {
            for name in schema.names where !limit.admits(name) {
                issues.append(RequestIssue(path: namePath, message: "column name \"\(name)\" is longer than the \(limit.description) \(limits.targetName) allows; rename it (transform.rename)"))
            }
        }
        let count = table?.count ?? schema.columns.count
        if let most = limits.maxColumns, count > most {
            issues.append(RequestIssue(path: request.transform == nil ? JSONPath.root.appending("source") : JSONPath.root.appending("transform"),
                                       message: "the table would have \(count) columns; \(limits.targetName) allows at most \(most); select fewer (transform.select, transform.drop)"))
        }
        if !issues.isEmpty { throw FerryError(InvalidRequest(issues: issues)) }
        guard let policy = shaper?.onSchemaChange, !changes.isEmpty else { return nil }
        try sink.evolve(changes)
        let items = changes.map { c in
            SchemaChanged.Item(change: c.kind, column: c.column, from: c.before.map(SchemaEvolution.typeName), to: c.after.map(SchemaEvolution.typeName))
        }
        return SchemaChanged(table: request.target.objectName, policy: policy, changes: items, columns: table ?? schema.columns)
    }

    /// Where a column name comes from, for errors: `transform.names` when it normalises names,
    /// else the transform, else the source's own names.
    private var namePath: JSONPath {
        guard let transform = request.transform else { return JSONPath.root.appending("source") }
        return JSONPath.root.appending("transform").appending(transform.names == .asIs ? "rename" : "names")
    }

    /// `table`'s columns once `changes` are made.
    static func applying(_ changes: [SchemaChange], to table: [Column]) -> [Column] {
        var out = table
        for change in changes {
            let key = ColumnName(change.column)
            switch change.kind {
            case .addColumn: if let c = change.after { out.append(c) }
            case .dropColumn: out.removeAll { ColumnName($0.name) == key }
            case .widenColumn:
                if let c = change.after, let i = out.firstIndex(where: { ColumnName($0.name) == key }) { out[i] = c }
            }
        }
        return out
    }
}
