package import FerryCore

/// What the run's checks found, for the input dataset's `dataQualityAssertions` and
/// `dataQualityMetrics` facets.
package struct DataQuality: Sendable, Equatable {
    package var outcomes: [CheckOutcome]
    /// Rows the checks saw (typed rows; rows the source reader rejected are not among them).
    package var rowCount: Int
    /// NULLs per column of those rows, in schema order.
    package var nullCounts: [(column: String, nulls: Int)]
    /// The profile figures of each column by name (when the run profiled its columns).
    package var figures: [String: ColumnFigures] = [:]

    /// A column's profile figures for `columnMetrics`: the distinct count (a HyperLogLog estimate)
    /// and, for number columns, min, max, sum and quantiles.
    package struct ColumnFigures: Sendable, Equatable {
        package var distinct: Int?
        package var min: Double?
        package var max: Double?
        package var sum: Double?
        /// (quantile, value) pairs, quantiles ascending.
        package var quantiles: [Quantile]

        package init(distinct: Int?, min: Double?, max: Double?, sum: Double?, quantiles: [Quantile]) {
            (self.distinct, self.min, self.max, self.sum, self.quantiles) = (distinct, min, max, sum, quantiles)
        }
    }

    /// A value at a quantile (0...1).
    package struct Quantile: Sendable, Equatable {
        package var q: Double
        package var value: Double

        package init(q: Double, value: Double) { (self.q, self.value) = (q, value) }
    }

    package init(outcomes: [CheckOutcome], rowCount: Int, nullCounts: [(column: String, nulls: Int)]) {
        self.outcomes = outcomes
        self.rowCount = rowCount
        self.nullCounts = nullCounts
    }

    package static func == (a: DataQuality, b: DataQuality) -> Bool {
        a.outcomes == b.outcomes && a.rowCount == b.rowCount && a.figures == b.figures
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
            var m: [(key: String, value: JSONValue)] = [("nullCount", .int(c.nulls)), ("count", .int(rowCount - c.nulls))]
            if let f = figures[c.column] {
                if let distinct = f.distinct { m.append(("distinctCount", .int(distinct))) }
                for (key, value) in [("sum", f.sum), ("min", f.min), ("max", f.max)] {
                    if let value, value.isFinite { m.append((key, .double(value))) }
                }
                let quantiles = f.quantiles.filter(\.value.isFinite)
                if !quantiles.isEmpty {
                    m.append(("quantiles", .object(quantiles.map { (ValueFormatter.doubleText($0.q), JSONValue.double($0.value)) })))
                }
            }
            return (c.column, .object(m))
        }
        return [
            ("dataQualityAssertions", facet(OpenLineageSpec.dataQualityAssertions, [("assertions", .array(assertions))])),
            ("dataQualityMetrics", facet(OpenLineageSpec.dataQualityMetrics, [("rowCount", .int(rowCount)), ("columnMetrics", .object(metrics))])),
        ]
    }
}
