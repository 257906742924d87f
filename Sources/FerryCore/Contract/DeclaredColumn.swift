/// A column whose type the request declares; other columns are inferred.
package struct DeclaredColumn: Sendable, Equatable {
    package var name: String
    package var type: ColumnType
    package var nullable: Bool

    package init(name: String, type: ColumnType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }

    static func readAll(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> [DeclaredColumn]? {
        guard let items = ObjectReader.items(v, at: p, of: "columns", issues: issues) else { return nil }
        var out: [DeclaredColumn] = []
        var seen = Set<String>()
        for (item, ip) in items {
            guard var r = ObjectReader(item, at: ip, issues: issues) else { continue }
            let name = r.string("name", required: true)
            let typeName = r.string("type", required: true)
            let nullable = r.bool("nullable") ?? true
            r.finish()
            var type: ColumnType?
            if let typeName {
                type = ColumnType(name: typeName)
                if type == nil {
                    let hint = Suggestion.closest(to: typeName, among: ColumnType.names).map { "; did you mean \"\($0)\"?" } ?? ""
                    issues.report(ip.appending("type"), "unknown type \"\(typeName)\"; use one of \(ColumnType.names.joined(separator: ", ")) or decimal(p,s)\(hint)")
                }
            }
            if let name, !seen.insert(name).inserted {
                issues.report(ip.appending("name"), "column \"\(name)\" is declared twice")
            }
            if let name, let type { out.append(DeclaredColumn(name: name, type: type, nullable: nullable)) }
        }
        return out
    }

    var json: JSONValue {
        .object([("name", .string(name)), ("type", .string(type.name)), ("nullable", .bool(nullable))])
    }
}
