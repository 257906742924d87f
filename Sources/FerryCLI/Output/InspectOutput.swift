import FerryCore
import FerryEngine

/// Renders an inspection as JSON or as a table for humans.
enum InspectOutput {
    static func json(_ r: InspectReport, file: String) -> JSONValue {
        .object([
            ("file", .string(file)),
            ("rows_read", .int(r.rowsRead)),
            ("rows_rejected", .int(r.rowsRejected)),
            ("columns", .array(zip(r.schema.columns, r.columns).map { c, f in
                let p = f.profile
                return .object([
                    ("name", .string(c.name)), ("type", .string(c.type.name)), ("origin", .string(c.origin.rawValue)),
                    ("count", .int(p.count)), ("nulls", .int(p.nulls)), ("distinct_estimate", .int(p.distinctEstimate)),
                    ("min", p.min.map(JSONValue.string) ?? .null), ("max", p.max.map(JSONValue.string) ?? .null),
                    ("samples", .array(p.samples.map(JSONValue.string))),
                ] + f.jsonMembers)
            })),
            ("rejected_samples", .array(r.rejectSamples.map { s in
                .object([("line", .int(s.line)), ("column", s.column.map(JSONValue.string) ?? .null), ("reason", .string(s.reason))])
            })),
        ])
    }

    static func table(_ r: InspectReport, file: String) -> String {
        var rows: [[String]] = [["column", "type", "nulls", "distinct~", "min", "max", "samples"]]
        for (c, p) in zip(r.schema.columns, r.profiles) {
            rows.append([c.name, c.type.name + (c.origin == .declared ? " (declared)" : ""), Format.count(p.nulls),
                         Format.count(p.distinctEstimate), clip(p.min ?? ""), clip(p.max ?? ""),
                         clip(p.samples.prefix(3).joined(separator: " | "), 48)])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = "\(file): \(Format.count(r.rowsRead)) rows, \(r.schema.columns.count) columns"
        out += r.rowsRejected > 0 ? ", \(Format.count(r.rowsRejected)) would be rejected\n" : "\n\n"
        for s in r.rejectSamples {
            out += "  line \(s.line)\(s.column.map { ", column \"\($0)\"" } ?? ""): \(s.reason)\n"
        }
        if !r.rejectSamples.isEmpty { out += "\n" }
        for (n, row) in rows.enumerated() {
            out += row.enumerated().map { i, cell in cell + String(repeating: " ", count: widths[i] - cell.count) }
                .joined(separator: "  ").trimmingTrailingSpaces + "\n"
            if n == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        let notes = r.columns.flatMap(findings)
        if !notes.isEmpty { out += "\n" + notes.map { "  \($0)\n" }.joined() }
        return out
    }

    /// One line per finding worth a reader's eye: formats, uniqueness, outliers.
    static func findings(_ c: ColumnFindings) -> [String] {
        var out: [String] = []
        let count = c.profile.count
        if let f = c.formats.first {
            let share = f.matched == count ? "every value" : "\(Format.decimal(Double(f.matched) / Double(max(count, 1)) * 100, 1)) % of the values"
            out.append("\(c.name): format \(f.name) (\(share))")
        }
        if c.unique == true, count > 1 { out.append("\(c.name): unique") }
        if let s = c.spread, s.outliers > 0 {
            let examples = s.examples.prefix(3).map { "\(ValueFormatter.doubleText($0.value)) (line \($0.line))" }.joined(separator: ", ")
            out.append("\(c.name): \(s.exact ? "" : "about ")\(s.outliers) outlier\(s.outliers == 1 ? "" : "s") (median \(ValueFormatter.doubleText(s.median)), MAD \(ValueFormatter.doubleText(s.mad)))\(examples.isEmpty ? "" : ": " + examples)")
        }
        return out
    }

    private static func clip(_ s: String, _ n: Int = 24) -> String {
        let flat = String(s.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
        return flat.count > n ? String(flat.prefix(n - 1)) + "…" : flat
    }
}

private extension String {
    var trimmingTrailingSpaces: String { String(reversed().drop { $0 == " " }.reversed()) }
}
