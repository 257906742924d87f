extension TransformSpec {
    /// Reads the `transform` object, reporting every problem with its JSON path.
    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> TransformSpec? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        var t = TransformSpec()
        t.select = r.strings("select")
        t.drop = r.strings("drop") ?? []
        t.rename = r.field("rename", readRenames) ?? []
        t.columns = r.field("columns", readColumns) ?? []
        t.filter = r.field("where", TransformExpression.read)
        if let names = r.strings("audit_columns") {
            for (i, name) in names.enumerated() {
                if let a = AuditColumn(rawValue: name) { t.audit.append(a) } else {
                    issues.report(p.appending("audit_columns").appending(index: i),
                                  "expected one of \(AuditColumn.allCases.map(\.rawValue).joined(separator: ", ")) (_source_file and _source_line come from the provenance option)")
                }
            }
        }
        t.trim = r.strings("trim") ?? []
        t.emptyAsNull = r.strings("empty_as_null") ?? []
        t.dropNullRows = r.bool("drop_null_rows") ?? false
        t.dedupe = r.field("dedupe", DedupeSpec.read)
        t.names = r.choice("names") ?? .asIs
        t.onSchemaChange = r.choice("on_schema_change")
        r.finish()
        for (key, names) in [("select", t.select ?? []), ("drop", t.drop), ("audit_columns", t.audit.map(\.rawValue)),
                             ("trim", t.trim), ("empty_as_null", t.emptyAsNull)]
            where Set(names.map(ColumnName.init)).count != names.count {
            issues.report(p.appending(key), "lists a column twice")
        }
        let targets = t.rename.map(\.to)
        if Set(targets.map(ColumnName.init)).count != targets.count {
            issues.report(p.appending("rename"), "renames two columns to one name")
        }
        return t
    }

    private static func readRenames(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> [(from: String, to: String)]? {
        guard case let .object(members) = v else {
            issues.report(p, "expected an object of old name → new name, found \(v.typeName)")
            return nil
        }
        var out: [(from: String, to: String)] = []
        for (from, to) in members {
            guard case let .string(name) = to, !name.isEmpty else {
                issues.report(p.appending(from), "expected the new name (a non-empty string), found \(to.typeName)")
                continue
            }
            out.append((from, name))
        }
        return out
    }

    private static func readColumns(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> [DerivedColumn]? {
        guard let items = ObjectReader.items(v, at: p, of: "columns", issues: issues) else { return nil }
        var out: [DerivedColumn] = []
        for (item, at) in items {
            guard var r = ObjectReader(item, at: at, issues: issues) else { continue }
            let name = r.string("name", required: true)
            let expr = r.field("expr", TransformExpression.read)
            let type: ColumnType? = r.field("type") { v, p, issues in
                guard case let .string(s) = v, let t = ColumnType(name: s) else {
                    issues.report(p, "expected a Ferry type: \(ColumnType.names.joined(separator: ", ")) or decimal(p,s)")
                    return nil
                }
                return t
            }
            let defaultValue = r.field("default", TransformExpression.read)
            r.finish()
            let given: Bool = if case let .object(members) = item {
                members.contains { ["expr", "type", "default"].contains($0.key) }
            } else { false }
            if !given && name != nil {
                issues.report(at, "a column needs expr, type or default")
            }
            if let name { out.append(DerivedColumn(name: name, expr: expr, type: type, defaultValue: defaultValue)) }
        }
        let names = out.map { ColumnName($0.name) }
        if Set(names).count != names.count { issues.report(p, "names a column twice") }
        return out
    }

    /// The transform as contract JSON (`ferry load --print-request`).
    package var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = []
        if let select { m.append(("select", .array(select.map(JSONValue.string)))) }
        if !drop.isEmpty { m.append(("drop", .array(drop.map(JSONValue.string)))) }
        if !rename.isEmpty { m.append(("rename", .object(rename.map { ($0.from, .string($0.to)) }))) }
        if !columns.isEmpty {
            m.append(("columns", .array(columns.map { c in
                var o: [(key: String, value: JSONValue)] = [("name", .string(c.name))]
                if let e = c.expr { o.append(("expr", .string(e.text))) }
                if let t = c.type { o.append(("type", .string(t.name))) }
                if let d = c.defaultValue { o.append(("default", .string(d.text))) }
                return .object(o)
            })))
        }
        if let filter { m.append(("where", .string(filter.text))) }
        if !audit.isEmpty { m.append(("audit_columns", .array(audit.map { .string($0.rawValue) }))) }
        if !trim.isEmpty { m.append(("trim", .array(trim.map(JSONValue.string)))) }
        if !emptyAsNull.isEmpty { m.append(("empty_as_null", .array(emptyAsNull.map(JSONValue.string)))) }
        if dropNullRows { m.append(("drop_null_rows", .bool(true))) }
        if let dedupe { m.append(("dedupe", dedupe.json)) }
        if names != .asIs { m.append(("names", .string(names.rawValue))) }
        if let onSchemaChange { m.append(("on_schema_change", .string(onSchemaChange.rawValue))) }
        return .object(m)
    }
}
