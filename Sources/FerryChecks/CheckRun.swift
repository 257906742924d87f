package import FerryCore

/// One check while a load runs: its resolved columns, compiled arguments and running counts.
final class CheckRun {
    let spec: CheckSpec
    /// Where the check is in the request, for issues (`$.checks[2]`).
    let path: JSONPath
    var columns: [Int] = []
    var regex: SafeRegex?
    /// `in_set`'s values as UTF-8, compared with the value's text without making a String.
    var accepted: Set<[UInt8]> = []
    /// Whether `accepted` holds `false` and `true`: a boolean column's test without hashing.
    var acceptsFalse = false
    var acceptsTrue = false
    /// Range bounds for number columns.
    var low: Double?
    var high: Double?
    /// Range bounds for date (days) and timestamp (microseconds) columns.
    var lowInt: Int64?
    var highInt: Int64?
    var evaluated = 0
    var failing = 0
    var samples: [CheckOutcome.Sample] = []
    var unique: UniqueTracker?
    /// The newest value seen (`freshness`), in the column's integer storage.
    var newest: Int64?
    /// The days present (`date_coverage`).
    var days = DaySet()
    /// The rows that reached the target (`row_count`).
    var rows = 0
    /// A `reference` check's lookups on the target.
    var reference: ReferenceCheck?
    /// A `drift` check's metric.
    var drift: DriftCheck?
    /// What the outcome rests on beyond its counts (`drift`).
    var note: String?

    init(spec: CheckSpec, path: JSONPath) {
        self.spec = spec
        self.path = path
    }

    func fail(line: Int?, value: String?, limit: Int) {
        failing += 1
        if samples.count < limit {
            samples.append(CheckOutcome.Sample(line: line, value: spec.samples == .values ? value : nil))
        }
    }

    /// The outcome once the input ended (dataset rules evaluated by `CheckSuite.finish`).
    var outcome: CheckOutcome {
        let tolerated = spec.tolerates(failing: failing, of: evaluated)
        let status: CheckOutcome.Status
        switch spec.severity {
        case .reject: status = failing == 0 ? .passed : (tolerated ? .warned : .failed)
        case .warn: status = tolerated ? .passed : .warned
        case .error: status = tolerated ? .passed : .failed
        }
        var outcome = CheckOutcome(name: spec.name, rule: spec.rule.kind.rawValue, columns: spec.columns,
                                   severity: spec.severity.rawValue, status: status, evaluated: evaluated,
                                   failing: failing, samples: samples)
        outcome.valuesShown = spec.samples == .values
        outcome.note = note
        return outcome
    }

    /// The reject reason of a row this check failed.
    var reason: String { "check \"\(spec.name)\" (\(spec.rule.kind.rawValue)) failed" }
}
