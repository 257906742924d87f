/// One data check of a request's `checks` list: a rule on a column (or columns, or the whole
/// input), what a failure does (`severity`) and how many failures it tolerates.
package struct CheckSpec: Sendable, Equatable {
    /// What a check's failures do.
    package enum Severity: String, Sendable, CaseIterable {
        /// Failing rows go to the reject file naming the check (row rules only).
        case reject
        /// Reported; the load goes on.
        case warn
        /// Over the thresholds, the run fails before the commit (exit 7) and the target is unchanged.
        case error
    }

    /// `name`, or `<rule>_<column>` when the request gives none; unique within the list.
    package var name: String
    package var rule: CheckRule
    /// The columns the rule reads: one for row rules, one or more for `unique`, none for `row_count`.
    package var columns: [String]
    package var severity: Severity
    /// Failures tolerated before the check fails (`error`) or warns (`warn`); nil: none for warn and
    /// error checks, any number for reject checks (`max_rejects` then decides).
    package var maxFailures: Int?
    /// Failing share of the evaluated rows tolerated (0...1), as dbt's `error_if` or GE's `mostly`.
    package var maxFailureRatio: Double?
    /// What the check's samples show: the failing values, or only their lines (`samples: lines`,
    /// for columns whose values must not appear in results, events and reports).
    package var samples: SampleContent = .values

    /// The `samples` setting of a check.
    package enum SampleContent: String, Sendable, CaseIterable {
        case values, lines
    }

    package init(name: String, rule: CheckRule, columns: [String], severity: Severity = .error,
                 maxFailures: Int? = nil, maxFailureRatio: Double? = nil) {
        self.name = name
        self.rule = rule
        self.columns = columns
        self.severity = severity
        self.maxFailures = maxFailures
        self.maxFailureRatio = maxFailureRatio
    }

    /// The column of a row rule (its only one).
    package var column: String? { columns.first }

    /// Whether `failing` of `evaluated` is within the thresholds.
    package func tolerates(failing: Int, of evaluated: Int) -> Bool {
        if failing == 0 { return true }
        if maxFailures == nil && maxFailureRatio == nil { return severity == .reject }
        if let maxFailures, failing > maxFailures { return false }
        if let maxFailureRatio, evaluated > 0, Double(failing) / Double(evaluated) > maxFailureRatio { return false }
        return true
    }

    /// Reads the `checks` array, reporting every problem with its JSON path.
    static func readAll(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> [CheckSpec]? {
        guard let items = ObjectReader.items(v, at: p, of: "checks", issues: issues) else { return nil }
        var out: [CheckSpec] = []
        var names = Set<String>()
        for (item, ip) in items {
            guard let check = read(item, at: ip, issues: issues) else { continue }
            if !names.insert(check.name).inserted {
                issues.report(ip.appending("name"), "check \"\(check.name)\" is named twice; give each check its own name")
            }
            out.append(check)
        }
        return out
    }

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> CheckSpec? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        let name = r.string("name")
        let kind: CheckRule.Kind? = r.choice("rule", required: true)
        let column = r.string("column")
        let columnList = r.strings("columns")
        let severity: Severity = r.choice("severity") ?? .error
        let maxFailures = r.integer("max_failures", in: 0...Int(Int64.max))
        let ratio = r.field("max_failure_ratio") { v, p, issues -> Double? in
            guard case let .number(text) = v, let x = Double(text), (0...1).contains(x) else {
                issues.report(p, "expected a number between 0 and 1, found \(v.typeName == "number" ? "one outside" : v.typeName)")
                return nil
            }
            return x
        }
        let samples: SampleContent = r.choice("samples") ?? .values
        let rule = kind.flatMap { CheckRule.read($0, from: &r, issues: issues) }
        r.finish()
        guard let kind, let rule else { return nil }
        if column != nil && columnList != nil {
            issues.report(p.appending("columns"), "give column or columns, not both")
        }
        let columns = columnList ?? column.map { [$0] } ?? []
        switch kind.columns {
        case .none where !columns.isEmpty:
            issues.report(p.appending("column"), "rule \(kind.rawValue) reads no column")
        case .one where columns.count != 1:
            issues.report(p.appending(columnList == nil ? "column" : "columns"), "rule \(kind.rawValue) needs exactly one column")
        case .many where columns.isEmpty:
            issues.report(p.appending("columns"), "rule \(kind.rawValue) needs one or more columns")
        case .noneOrOne:
            if case let .drift(metric, _) = rule {
                if metric.readsColumn && columns.count != 1 {
                    issues.report(p.appending(columnList == nil ? "column" : "columns"), "metric \(metric.rawValue) needs exactly one column")
                } else if !metric.readsColumn && !columns.isEmpty {
                    issues.report(p.appending("column"), "metric \(metric.rawValue) reads no column")
                }
            }
        default: break
        }
        if severity == .reject && !kind.isRowRule {
            issues.report(p.appending("severity"), "rule \(kind.rawValue) checks the whole input, so it has no row to reject; use warn or error")
        }
        var parts = [kind.rawValue]
        if case let .drift(metric, _) = rule { parts.append(metric.rawValue) }
        let fallback = (parts + columns).joined(separator: "_")
        var spec = CheckSpec(name: name ?? fallback, rule: rule, columns: columns, severity: severity,
                             maxFailures: maxFailures, maxFailureRatio: ratio)
        spec.samples = samples
        return spec
    }

    var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = [("name", .string(name)), ("rule", .string(rule.kind.rawValue))]
        if columns.count == 1 && (rule.kind.columns == .one || rule.kind.columns == .noneOrOne) { m.append(("column", .string(columns[0]))) }
        else if !columns.isEmpty { m.append(("columns", .array(columns.map(JSONValue.string)))) }
        m.append(contentsOf: rule.jsonMembers)
        m.append(("severity", .string(severity.rawValue)))
        if let maxFailures { m.append(("max_failures", .int(maxFailures))) }
        if let maxFailureRatio { m.append(("max_failure_ratio", .number(ValueFormatter.doubleText(maxFailureRatio)))) }
        if samples != .values { m.append(("samples", .string(samples.rawValue))) }
        return .object(m)
    }
}
