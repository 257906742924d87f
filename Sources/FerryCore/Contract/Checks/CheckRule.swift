/// What a check tests, with the rule's own arguments.
package enum CheckRule: Sendable, Equatable {
    case notNull
    /// The value's text (as Ferry writes it) is one of `values`.
    case inSet(values: [String])
    /// Numbers, dates or timestamps between bounds (`CheckBound`), each inclusive unless said.
    case range(min: CheckBound?, max: CheckBound?, minInclusive: Bool, maxInclusive: Bool)
    /// The whole value matches `pattern` (FerryChecks' linear-time regular expressions).
    case regex(pattern: String)
    /// Length in characters (Unicode scalars) of the value's text.
    case length(min: Int?, max: Int?)
    case format(CheckFormat)
    case rowCount(min: Int?, max: Int?)
    /// No two rows share the values of the columns (rows with a NULL among them are not evaluated).
    case unique
    /// The newest value of a date or timestamp column is at most `maxAgeSeconds` old when the input ends.
    case freshness(maxAgeSeconds: Int64)
    /// Every day (or business day: Monday to Friday less `holidays`) between `from` and `to`
    /// (default: the data's first and last day) appears in the column.
    case dateCoverage(calendar: CoverageCalendar, holidays: [String], from: String?, to: String?)
    /// Every value is present in `column` of `table` (in `schema`, or the target's) on the target.
    case reference(schema: String?, table: String, column: String?)
    /// `metric` of this load differs from the last completed load of the same job by at most
    /// `maxChangePercent` (the ledger's `checks` column keeps each load's metrics).
    case drift(metric: DriftMetric, maxChangePercent: Double)

    /// The rule names of the contract.
    package enum Kind: String, Sendable, CaseIterable {
        case notNull = "not_null", inSet = "in_set", range, regex, length, format
        case rowCount = "row_count", unique, freshness, dateCoverage = "date_coverage"
        case reference, drift

        /// How many columns the rule reads.
        package enum Columns: Sendable { case none, one, many, noneOrOne }

        package var columns: Columns {
            switch self {
            case .rowCount: .none
            case .unique: .many
            case .drift: .noneOrOne
            default: .one
            }
        }

        /// Whether the rule judges each row on its own (and so can reject rows).
        package var isRowRule: Bool {
            switch self {
            case .notNull, .inSet, .range, .regex, .length, .format, .reference: true
            case .rowCount, .unique, .freshness, .dateCoverage, .drift: false
            }
        }
    }

    /// What a `drift` check compares with the last completed load.
    package enum DriftMetric: String, Sendable, CaseIterable {
        /// Rows that reached the target (no column).
        case rowCount = "row_count"
        /// NULLs among those rows, as a share.
        case nullRate = "null_rate"
        /// Distinct non-NULL values (exact).
        case distinctCount = "distinct_count"
        /// The mean of a number column's non-NULL values.
        case mean

        /// Whether the metric is of a column.
        package var readsColumn: Bool { self != .rowCount }
    }

    /// Calendars of `date_coverage`.
    package enum CoverageCalendar: String, Sendable, CaseIterable {
        case everyDay = "every_day", businessDays = "business_days"
    }

    package var kind: Kind {
        switch self {
        case .notNull: .notNull
        case .inSet: .inSet
        case .range: .range
        case .regex: .regex
        case .length: .length
        case .format: .format
        case .rowCount: .rowCount
        case .unique: .unique
        case .freshness: .freshness
        case .dateCoverage: .dateCoverage
        case .reference: .reference
        case .drift: .drift
        }
    }

    /// Reads the arguments of a `kind` rule from the check's object.
    static func read(_ kind: Kind, from r: inout ObjectReader, issues: IssueCollector) -> CheckRule? {
        let p = r.path
        switch kind {
        case .notNull: return .notNull
        case .unique: return .unique
        case .inSet:
            guard let values = r.field("values", required: true, readValues) else { return nil }
            if values.isEmpty { issues.report(p.appending("values"), "must list at least one value") }
            return .inSet(values: values)
        case .range:
            let min = r.field("min", CheckBound.read)
            let max = r.field("max", CheckBound.read)
            let minInclusive = r.bool("min_inclusive") ?? true
            let maxInclusive = r.bool("max_inclusive") ?? true
            if min == nil && max == nil { issues.report(p.appending("min"), "give min, max or both") }
            return .range(min: min, max: max, minInclusive: minInclusive, maxInclusive: maxInclusive)
        case .regex:
            guard let pattern = r.string("pattern", required: true) else { return nil }
            return .regex(pattern: pattern)
        case .length, .rowCount:
            let min = r.integer("min", in: 0...Int(Int32.max) * 1024)
            let max = r.integer("max", in: 0...Int(Int32.max) * 1024)
            if r.value("min") == nil && r.value("max") == nil { issues.report(p.appending("min"), "give min, max or both") }
            if let min, let max, min > max { issues.report(p.appending("max"), "must not be less than min (\(min))") }
            return kind == .length ? .length(min: min, max: max) : .rowCount(min: min, max: max)
        case .format:
            guard let format: CheckFormat = r.choice("format", required: true) else { return nil }
            return .format(format)
        case .freshness:
            guard let age = r.field("max_age", required: true, readAge) else { return nil }
            return .freshness(maxAgeSeconds: age)
        case .dateCoverage:
            let calendar: CoverageCalendar = r.choice("calendar") ?? .everyDay
            let holidays = r.strings("holidays") ?? []
            for (i, day) in holidays.enumerated() where CheckBound.days(of: day) == nil {
                issues.report(p.appending("holidays").appending(index: i), "expected a date YYYY-MM-DD")
            }
            let from = r.string("from")
            let to = r.string("to")
            for (key, day) in [("from", from), ("to", to)] where day != nil && CheckBound.days(of: day ?? "") == nil {
                issues.report(p.appending(key), "expected a date YYYY-MM-DD")
            }
            if !holidays.isEmpty && calendar != .businessDays {
                issues.report(p.appending("holidays"), "holidays apply to calendar business_days")
            }
            return .dateCoverage(calendar: calendar, holidays: holidays, from: from, to: to)
        case .reference:
            let schema = r.string("schema")
            let table = r.string("table", required: true)
            let column = r.string("table_column")
            guard let table else { return nil }
            return .reference(schema: schema, table: table, column: column)
        case .drift:
            let metric: DriftMetric? = r.choice("metric", required: true)
            let change = r.field("max_change_percent", required: true) { v, p, issues -> Double? in
                guard case let .number(text) = v, let x = Double(text), x >= 0, x.isFinite else {
                    issues.report(p, "expected a number of percent, 0 or more, found \(v.typeName == "number" ? "a negative one" : v.typeName)")
                    return nil
                }
                return x
            }
            guard let metric, let change else { return nil }
            return .drift(metric: metric, maxChangePercent: change)
        }
    }

    /// `in_set` values: strings, numbers or booleans, compared with the value's text.
    private static func readValues(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> [String]? {
        guard let items = ObjectReader.items(v, at: p, of: "values", issues: issues) else { return nil }
        var out: [String] = []
        for (item, at) in items {
            switch item {
            case let .string(s), let .number(s): out.append(s)
            case let .bool(b): out.append(b ? "true" : "false")
            default: issues.report(at, "expected a string, number or boolean, found \(item.typeName)")
            }
        }
        return out.count == items.count ? out : nil
    }

    /// An age: whole seconds, or a number with a unit `s`, `m`, `h` or `d` (`"36h"`).
    private static func readAge(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> Int64? {
        let text: String
        switch v {
        case let .number(n): text = n + "s"
        case let .string(s): text = s
        default:
            issues.report(p, "expected an age such as \"36h\" or a number of seconds, found \(v.typeName)")
            return nil
        }
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last.flatMap({ units[$0] }), let n = Int64(text.dropLast()), n > 0,
              n <= Int64.max / 86400 / 1_000_000 else {
            issues.report(p, "expected an age such as \"36h\", \"90m\", \"2d\" or a positive number of seconds")
            return nil
        }
        return n * unit
    }

    /// The rule's arguments as contract members.
    var jsonMembers: [(key: String, value: JSONValue)] {
        switch self {
        case .notNull, .unique: return []
        case let .inSet(values): return [("values", .array(values.map(JSONValue.string)))]
        case let .range(min, max, minInclusive, maxInclusive):
            var m: [(key: String, value: JSONValue)] = []
            if let min { m.append(("min", min.json)) }
            if let max { m.append(("max", max.json)) }
            m.append(("min_inclusive", .bool(minInclusive)))
            m.append(("max_inclusive", .bool(maxInclusive)))
            return m
        case let .regex(pattern): return [("pattern", .string(pattern))]
        case let .length(min, max), let .rowCount(min, max):
            return (min.map { [("min", JSONValue.int($0))] } ?? []) + (max.map { [("max", JSONValue.int($0))] } ?? [])
        case let .format(format): return [("format", .string(format.rawValue))]
        case let .freshness(age): return [("max_age", .string("\(age)s"))]
        case let .dateCoverage(calendar, holidays, from, to):
            var m: [(key: String, value: JSONValue)] = [("calendar", .string(calendar.rawValue))]
            if !holidays.isEmpty { m.append(("holidays", .array(holidays.map(JSONValue.string)))) }
            if let from { m.append(("from", .string(from))) }
            if let to { m.append(("to", .string(to))) }
            return m
        case let .reference(schema, table, column):
            var m: [(key: String, value: JSONValue)] = []
            if let schema { m.append(("schema", .string(schema))) }
            m.append(("table", .string(table)))
            if let column { m.append(("table_column", .string(column))) }
            return m
        case let .drift(metric, change):
            return [("metric", .string(metric.rawValue)), ("max_change_percent", .number(ValueFormatter.doubleText(change)))]
        }
    }
}

/// Named value formats of the `format` rule.
package enum CheckFormat: String, Sendable, CaseIterable {
    case email, url, uuid, ipv4
    case e164Phone = "e164_phone", isoCountry = "iso_country", isoCurrency = "iso_currency"
}
