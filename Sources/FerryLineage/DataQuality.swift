package import FerryCore

/// What the run's checks found, for the input dataset's `dataQualityAssertions` and
/// `dataQualityMetrics` facets.
package struct DataQuality: Sendable, Equatable {
    package var outcomes: [CheckOutcome]
    /// Rows the checks saw (typed rows; rows the source reader rejected are not among them).
    package var rowCount: Int
    /// NULLs per column of those rows, in schema order.
    package var nullCounts: [(column: String, nulls: Int)]

    package init(outcomes: [CheckOutcome], rowCount: Int, nullCounts: [(column: String, nulls: Int)]) {
        self.outcomes = outcomes
        self.rowCount = rowCount
        self.nullCounts = nullCounts
    }

    package static func == (a: DataQuality, b: DataQuality) -> Bool {
        a.outcomes == b.outcomes && a.rowCount == b.rowCount
            && a.nullCounts.map(\.column) == b.nullCounts.map(\.column) && a.nullCounts.map(\.nulls) == b.nullCounts.map(\.nulls)
    }

    /// The input facets, by name.
    func facets(_ facet: (String, [(key: String, value: JSONValue)]) -> JSONValue) -> [(key: String, value: JSONValue)] {
        let assertions: [JSONValue] = outcomes.map { o in
            var m: [(key: String, value: JSONValue)] = [
                ("assertion", .string(o.rule)), ("success", .bool(o.status == .passed)),
            ]
            if o.columns.count == 1 { m.append(("column", .string(o.columns[0]))) }
            m += [
                ("severity", .string(o.severity)), ("name", .string(o.name)),
                ("actual", .string("\(o.failing) failing of \(o.evaluated)")),
                ("params", .object([("status", .string(o.status.rawValue)), ("evaluated", .int(o.evaluated)), ("failing", .int(o.failing))])),
            ]
            return .object(m)
        }
        let metrics: [(key: String, value: JSONValue)] = nullCounts.map { c in
            (c.column, .object([("nullCount", .int(c.nulls)), ("count", .int(rowCount - c.nulls))]))
        }
        return [
            ("dataQualityAssertions", facet(OpenLineageSpec.dataQualityAssertions, [("assertions", .array(assertions))])),
            ("dataQualityMetrics", facet(OpenLineageSpec.dataQualityMetrics, [("rowCount", .int(rowCount)), ("columnMetrics", .object(metrics))])),
        ]
    }
}
