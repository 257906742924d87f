import FerryCore
import FerryEngine

extension ColumnFindings {
    /// The findings beyond the profile, as JSON members (shared by `ferry inspect --json` and the
    /// JSON report): distinct values, uniqueness, formats, the most frequent values, histogram
    /// and outliers.
    var jsonMembers: [(key: String, value: JSONValue)] {
        var m: [(key: String, value: JSONValue)] = [
            ("distinct", .int(distinct)), ("distinct_exact", .bool(distinctExact)),
            ("unique", unique.map(JSONValue.bool) ?? .null),
            ("formats", .array(formats.map { f in
                .object([("name", .string(f.name)), ("matched", .int(f.matched))])
            })),
            ("top_values", values.map { v in
                .array(v.prefix(10).map { .object([("value", .string($0.value)), ("count", .int($0.count))]) })
            } ?? .null),
        ]
        if let h = histogram {
            m.append(("histogram", .object([
                ("lower", .number(ValueFormatter.doubleText(h.lower))), ("upper", .number(ValueFormatter.doubleText(h.upper))),
                ("counts", .array(h.counts.map { .int($0) })), ("exact", .bool(h.exact)),
            ])))
        }
        if let s = spread {
            m.append(("outliers", .object([
                ("median", .number(ValueFormatter.doubleText(s.median))), ("mad", .number(ValueFormatter.doubleText(s.mad))),
                ("lower_fence", .number(ValueFormatter.doubleText(s.lowerFence))),
                ("upper_fence", .number(ValueFormatter.doubleText(s.upperFence))),
                ("count", .int(s.outliers)), ("exact", .bool(s.exact)),
                ("examples", .array(s.examples.map { e in
                    .object([("line", .int(e.line)), ("value", .number(ValueFormatter.doubleText(e.value)))])
                })),
            ])))
        }
        return m
    }
}
