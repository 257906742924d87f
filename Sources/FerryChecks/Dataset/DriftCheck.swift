package import FerryCore

/// A `drift` check's metric of this load, accumulated over the rows that reach the target, and
/// its comparison with the value the ledger recorded for the job's last completed load.
final class DriftCheck {
    let metric: CheckRule.DriftMetric
    let maxChangePercent: Double
    /// The key the metric is recorded under in the ledger (`row_count`, `null_rate:amount`).
    let key: String
    /// The last completed load's value; nil when none recorded one.
    var previous: Double?
    private(set) var rows = 0
    private(set) var nulls = 0
    private var sum = 0.0
    private var values = 0
    /// Exact distinct count: keys in memory up to the suite's cap, then spilled (`UniqueTracker`).
    let distinct: UniqueTracker?
    private var scratch: [UInt8] = []
    private var keyBytes: [UInt8] = []

    init(metric: CheckRule.DriftMetric, maxChangePercent: Double, column: String?, settings: CheckSuite.Settings) {
        self.metric = metric
        self.maxChangePercent = maxChangePercent
        key = column.map { metric.rawValue + ":" + $0 } ?? metric.rawValue
        distinct = metric == .distinctCount
            ? UniqueTracker(memoryCap: settings.uniqueMemoryCap, spillParent: settings.spillParent, sampleLimit: 0) : nil
    }

    /// Adds row `row` (not rejected) whose value of the metric's column is `row` of `vector`
    /// (nil for `row_count`).
    func add(_ vector: ColumnVector?, row: Int, line: Int) throws(FerryError) {
        rows += 1
        guard let vector else { return }
        if vector.isNull[row] {
            nulls += 1
            return
        }
        switch metric {
        case .mean:
            switch vector.type.storage {
            case .int64: sum += Double(vector.ints[row])
            case .float64: sum += vector.doubles[row]
            case .bytes: sum += Double(ValueFormatter.text(vector, row: row)) ?? 0
            }
            values += 1
        case .distinctCount:
            keyBytes.removeAll(keepingCapacity: true)
            UniqueKey.append(vector, row: row, to: &keyBytes, scratch: &scratch)
            values += 1
            try distinct?.add(keyBytes, line: line)
        default:
            break
        }
    }

    /// This load's value, once the input ended (`finish` of the distinct tracker ran).
    var current: Double? {
        switch metric {
        case .rowCount: Double(rows)
        case .nullRate: rows == 0 ? nil : Double(nulls) / Double(rows)
        case .distinctCount: Double(values - (distinct?.duplicates ?? 0))
        case .mean: values == 0 ? nil : sum / Double(values)
        }
    }

    /// Ends the distinct count (spill files are counted now).
    func finish() throws(FerryError) {
        try distinct?.finish()
    }

    /// The change from `previous` to `current` in percent of `previous` (infinite from 0 to
    /// another value); nil when either is missing.
    static func changePercent(from previous: Double?, to current: Double?) -> Double? {
        guard let previous, let current else { return nil }
        if previous == current { return 0 }
        if previous == 0 { return .infinity }
        return abs(current - previous) / abs(previous) * 100
    }

    /// `12.5`, `0.0312`: a metric's value as the note shows it.
    static func text(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : ValueFormatter.doubleText(x)
    }
}
