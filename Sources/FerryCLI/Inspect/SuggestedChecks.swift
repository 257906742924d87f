import FerryCore

/// `ferry inspect --suggest-checks`: suggested checks as a checks file in YAML (what
/// `ferry load --checks` reads), one block per check, with a header saying how it was made.
enum SuggestedChecks {
    static func yaml(_ checks: [CheckSpec], file: String, rows: Int) -> String {
        var out = "# Checks suggested by `ferry inspect --suggest-checks` from \(file) (\(rows) rows).\n"
        out += "# The data passes every one of them. Edit before use: drop what is chance, widen ranges,\n"
        out += "# choose a severity per check (reject, warn or error). Docs/checks.md lists the rules.\n"
        out += "checks:\n"
        for check in checks {
            out += "  - name: \(quoted(check.name))\n"
            out += "    rule: \(check.rule.kind.rawValue)\n"
            if check.columns.count == 1, check.rule.kind.columns == .one {
                out += "    column: \(quoted(check.columns[0]))\n"
            } else if !check.columns.isEmpty {
                out += "    columns: [\(check.columns.map(quoted).joined(separator: ", "))]\n"
            }
            out += arguments(check.rule)
            out += "    severity: \(check.severity.rawValue)\n"
        }
        return out
    }

    private static func arguments(_ rule: CheckRule) -> String {
        switch rule {
        case let .inSet(values):
            return "    values:\n" + values.map { "      - \(quoted($0))\n" }.joined()
        case let .range(min, max, _, _):
            return [("min", min), ("max", max)].compactMap { key, bound in bound.map { "    \(key): \(text($0))\n" } }.joined()
        case let .rowCount(min, max):
            return [("min", min), ("max", max)].compactMap { key, n in n.map { "    \(key): \($0)\n" } }.joined()
        case let .format(format):
            return "    format: \(format.rawValue)\n"
        case let .regex(pattern):
            return "    pattern: \(quoted(pattern))\n"
        case let .length(min, max):
            return [("min", min), ("max", max)].compactMap { key, n in n.map { "    \(key): \($0)\n" } }.joined()
        case let .reference(schema, table, column):
            return [("schema", schema), ("table", table), ("table_column", column)]
                .compactMap { key, value in value.map { "    \(key): \(quoted($0))\n" } }.joined()
        case let .drift(metric, maxChangePercent):
            return "    metric: \(metric.rawValue)\n    max_change_percent: \(maxChangePercent)\n"
        case .notNull, .unique, .freshness, .dateCoverage:
            return ""
        }
    }

    private static func text(_ bound: CheckBound) -> String {
        switch bound {
        case let .number(n): n
        case let .text(s): quoted(s)
        }
    }

    /// A single-quoted YAML scalar (`'` doubled): no escapes to get wrong.
    static func quoted(_ s: String) -> String {
        var out = "'"
        for c in s { out += c == "'" ? "''" : String(c) }
        return out + "'"
    }
}
