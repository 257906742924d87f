import FerryCore

/// How a load's output columns meet an existing table under `on_schema_change`
/// (Docs/schema-evolution.md): the changes to make to the table, the output columns to leave
/// out (`ignore`), and, for `fail`, every difference as a request issue.
struct SchemaEvolution {
    let policy: OnSchemaChange
    /// The changes, in the order they are made: widenings, additions, drops.
    private(set) var changes: [SchemaChange] = []
    /// The table's columns once the changes are made.
    private(set) var table: [Column]
    /// Output columns the table does not take (`ignore`).
    private(set) var leftOut: Set<ColumnName> = []
    private(set) var issues: [RequestIssue] = []

    init(policy: OnSchemaChange, outputs: [Column], existing: [Column]) {
        self.policy = policy
        table = existing
        let known = Set(existing.map { ColumnName($0.name) })
        let produced = Set(outputs.map { ColumnName($0.name) })
        let added = outputs.filter { !known.contains(ColumnName($0.name)) }
        let missing = existing.filter { !produced.contains(ColumnName($0.name)) }
        var widened: [SchemaChange] = []
        for (i, t) in existing.enumerated() {
            guard let o = outputs.first(where: { ColumnName($0.name) == ColumnName(t.name) }), let w = Self.widened(t, for: o) else { continue }
            widened.append(SchemaChange(kind: .widenColumn, before: t, after: w))
            table[i] = w
        }
        switch policy {
        case .fail:
            var parts: [String] = []
            if !added.isEmpty { parts.append("new column\(added.count == 1 ? "" : "s") \(Self.list(added.map(\.name)))") }
            if !missing.isEmpty { parts.append("missing column\(missing.count == 1 ? "" : "s") \(Self.list(missing.map(\.name)))") }
            if !widened.isEmpty {
                parts.append("wider type\(widened.count == 1 ? "" : "s") for " + widened.map { c in
                    "\"\(c.column)\" (\(c.after.map(Self.typeName) ?? "") into \(c.before.map(Self.typeName) ?? ""))"
                }.joined(separator: ", "))
            }
            if !parts.isEmpty {
                issues.append(RequestIssue(path: JSONPath.root.appending("transform").appending("on_schema_change"),
                                           message: "fail: the load's columns differ from the table's: \(parts.joined(separator: "; ")); nothing was changed"))
            }
            table = existing
        case .ignore:
            leftOut = Set(added.map { ColumnName($0.name) })
            table = existing
        case .appendNewColumns, .syncAllColumns:
            changes = widened
            for o in added {
                var c = o
                c.nullable = true
                c.limit = nil
                c.hasDefault = false
                changes.append(SchemaChange(kind: .addColumn, before: nil, after: c))
                table.append(c)
            }
            if policy == .syncAllColumns {
                for t in missing { changes.append(SchemaChange(kind: .dropColumn, before: t, after: nil)) }
                table.removeAll { c in missing.contains { ColumnName($0.name) == ColumnName(c.name) } }
            }
        }
    }

    /// The table column `t` made wide enough for the output column `o`, or nil when it already
    /// is (or the types differ in a way that is no widening: those are cast as before).
    /// Widening never narrows: a limit the table has (int2/int4, real, varchar(n)) is dropped
    /// when the output's type was declared or came from a source database; bigint becomes a
    /// decimal with at least 19 integer digits; a decimal grows to hold more digits.
    static func widened(_ t: Column, for o: Column) -> Column? {
        var w = t
        w.limit = nil
        w.origin = .target
        if t.type == o.type {
            guard t.limit != nil, o.limit == nil, o.origin == .declared || o.origin == .source else { return nil }
            return w
        }
        switch (t.type, o.type) {
        case (.bigint, .decimal(nil, _)):
            w.type = o.type
        case let (.bigint, .decimal(p?, s)) where p - (s ?? 0) >= 19:
            w.type = o.type
        case (.decimal(_?, _), .decimal(nil, _)):
            w.type = o.type
        case let (.decimal(p?, s), .decimal(p2?, s2)) where (s2 ?? 0) >= (s ?? 0) && p2 - (s2 ?? 0) >= p - (s ?? 0):
            w.type = o.type
        default:
            return nil
        }
        return w
    }

    /// A column's type as the table names it where Ferry knows (int4, varchar(20)), else its
    /// Ferry type.
    static func typeName(_ c: Column) -> String {
        switch c.limit {
        case let .integerRange(_, _, name)?: name
        case let .maxCharacters(_, name)?: name
        case .singlePrecision?: "real"
        case nil: c.type.name
        }
    }

    private static func list(_ names: [String]) -> String {
        names.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
