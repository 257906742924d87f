package import FerryCore

/// What a load's checks leave in its ledger row (`LedgerColumn.checks`, Docs/checks.md "The
/// ledger"): counts by status, each check's outcome without samples, and the metrics a `drift`
/// check of a later load compares with (`row_count` always; `<metric>:<column>` for each drift
/// check's metric).
enum ChecksRecord {
    static func json(outcomes: [CheckOutcome], metrics: [(key: String, value: Double)]) -> String {
        func count(_ status: CheckOutcome.Status) -> JSONValue { .int(outcomes.filter { $0.status == status }.count) }
        let checks: [JSONValue] = outcomes.map { o in
            .object([("name", .string(o.name)), ("rule", .string(o.rule)), ("status", .string(o.status.rawValue)),
                     ("evaluated", .int(o.evaluated)), ("failing", .int(o.failing))])
        }
        let values: [(key: String, value: JSONValue)] = metrics.map { ($0.key, JSONValue.double($0.value)) }
        return JSONValue.object([
            ("passed", count(.passed)), ("warned", count(.warned)), ("failed", count(.failed)),
            ("checks", .array(checks)), ("metrics", .object(values)),
        ]).serialized()
    }

    /// The metrics of a recorded `json` text; empty when it holds none.
    static func metrics(_ text: String?) -> [String: Double] {
        guard let text, let document = try? JSONParser.parse(text), case let .object(members)? = document["metrics"] else { return [:] }
        var out: [String: Double] = [:]
        for (key, value) in members {
            if case let .number(n) = value, let x = Double(n) { out[key] = x }
        }
        return out
    }
}
