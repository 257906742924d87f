import FerryCore

/// The rules that read the target besides the rows: `reference` (the referenced table and
/// column must exist) and `drift` (the last completed load's metric, from the ledger), prepared
/// when the suite starts, before the target is touched.
enum TargetRules {
    static func prepare(_ suite: CheckSuite, schema: Schema, issues: inout [RequestIssue]) throws(FerryError) {
        for run in suite.runs {
            switch run.spec.rule {
            case let .reference(tableSchema, table, tableColumn):
                guard let lookup = try lookup(suite, run, issues: &issues) else { continue }
                let column = tableColumn ?? run.spec.columns[0]
                guard let names = try lookup.columns(schema: tableSchema, table: table) else {
                    let shown = (tableSchema.map { $0 + "." } ?? "") + table
                    issues.append(RequestIssue(path: run.path.appending("table"), message: "no table \(shown) on the target"))
                    continue
                }
                guard names.contains(column) else {
                    let hint = Suggestion.closest(to: column, among: names).map { "; did you mean \"\($0)\"?" } ?? ""
                    let key = tableColumn == nil ? "column" : "table_column"
                    issues.append(RequestIssue(path: run.path.appending(key), message: "table \(table) has no column \"\(column)\"\(hint)"))
                    continue
                }
                run.reference = ReferenceCheck(lookup: lookup, schema: tableSchema, table: table, column: column)
            case let .drift(metric, change):
                if metric == .mean, let c = run.columns.first, !isNumber(schema.columns[c].type) {
                    let column = schema.columns[c]
                    issues.append(RequestIssue(path: run.path.appending("metric"),
                                               message: "column \"\(column.name)\" is \(column.type.name): metric mean needs a number column (declare its type in columns)"))
                    continue
                }
                guard let lookup = try lookup(suite, run, issues: &issues) else { continue }
                let drift = DriftCheck(metric: metric, maxChangePercent: change, column: run.spec.columns.first, settings: suite.settings)
                drift.previous = ChecksRecord.metrics(try lookup.lastChecksRecord(job: suite.job))[drift.key]
                run.drift = drift
            default:
                continue
            }
        }
    }

    private static func isNumber(_ type: ColumnType) -> Bool {
        switch type {
        case .bigint, .double, .decimal: true
        default: false
        }
    }

    private static func lookup(_ suite: CheckSuite, _ run: CheckRun, issues: inout [RequestIssue]) throws(FerryError) -> (any TargetLookup)? {
        if let lookup = try suite.targetLookup() { return lookup }
        issues.append(RequestIssue(path: run.path.appending("rule"),
                                   message: "rule \(run.spec.rule.kind.rawValue) reads the target database: it needs a PostgreSQL, SQLite or ODBC target"))
        return nil
    }
}
