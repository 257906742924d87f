package import FerryCore

/// The request's `checks` as a `BatchStage`: row rules judge every row as it streams (a `reject`
/// check moves failing rows to the reject file), dataset rules accumulate over the rows that
/// reach the target, and when the input ends every check gets its outcome, the suite emits
/// `checks_completed`, and a failed check fails the run before the commit (`checks_failed`, exit 7).
package final class CheckSuite: BatchStage {
    /// Limits of a suite; the CLI fills them from the environment (`TMPDIR`).
    package struct Settings: Sendable {
        /// Failing values kept per check.
        package var sampleLimit = 5
        /// Bytes a `unique` check's key table (its arena and slots, as allocated) may take
        /// before keys spill to disk.
        package var uniqueMemoryCap = 16 << 20
        /// Where `unique` spill directories are made.
        package var spillParent = "/tmp"
        /// Microseconds since 1970 when the input ended (`freshness`); nil: the clock.
        package var now: Int64?

        package init() {}
    }

    let runs: [CheckRun]
    let settings: Settings
    /// Where `checks_completed` goes (the run's emitter, set once it exists).
    package var emitter: EventEmitter?
    private var schema = Schema(columns: [])
    private var scratch: [UInt8] = []
    private var key: [UInt8] = []
    /// Rows the suite saw, and the NULLs of each column among them (lineage's quality metrics).
    package private(set) var rowsSeen = 0
    package private(set) var nullCounts: [Int] = []
    /// Every check's outcome, once `finish` ran.
    package private(set) var outcomes: [CheckOutcome] = []
    /// Opens reads on the target for `reference` and `drift` (the sink, set once it is open);
    /// nil for targets without one (files).
    package var lookupProvider: (any TargetLookupProvider)?
    /// The job whose last completed load `drift` compares with.
    package var job = Job(name: "", namespace: Job.defaultNamespace)
    private var lookup: (any TargetLookup)?
    /// Rows no stage rejected (the ledger's `row_count` metric).
    private var rowsKept = 0

    /// Compiles the checks (regular expressions); a pattern it refuses is an `invalid_request` with
    /// the check's JSON path and the position in the pattern.
    package init(_ specs: [CheckSpec], settings: Settings = Settings(), emitter: EventEmitter? = nil) throws(FerryError) {
        self.settings = settings
        self.emitter = emitter
        var issues: [RequestIssue] = []
        var runs: [CheckRun] = []
        for (i, spec) in specs.enumerated() {
            let run = CheckRun(spec: spec, path: JSONPath.root.appending("checks").appending(index: i))
            if case let .regex(pattern) = spec.rule {
                do {
                    run.regex = try SafeRegex(pattern)
                } catch {
                    issues.append(RequestIssue(path: run.path.appending("pattern"), message: "the regular expression does not compile: \(error)"))
                }
            }
            if case let .inSet(values) = spec.rule {
                run.accepted = Set(values.map { Array($0.utf8) })
                run.acceptsFalse = run.accepted.contains(Array("false".utf8))
                run.acceptsTrue = run.accepted.contains(Array("true".utf8))
            }
            runs.append(run)
        }
        if !issues.isEmpty { throw FerryError(InvalidRequest(issues: issues)) }
        self.runs = runs
    }

    deinit {
        for run in runs {
            run.unique?.discard()
            run.drift?.distinct?.discard()
        }
    }

    package func start(schema: Schema) throws(FerryError) {
        self.schema = schema
        nullCounts = Array(repeating: 0, count: schema.columns.count)
        var issues: [RequestIssue] = []
        for run in runs {
            let key = run.spec.rule.kind.columns == .many ? "columns" : "column"
            run.columns = []
            for (k, name) in run.spec.columns.enumerated() {
                guard let index = schema.index(of: name) else {
                    let hint = Suggestion.closest(to: name, among: schema.names).map { "; did you mean \"\($0)\"?" } ?? ""
                    let at = key == "column" ? run.path.appending(key) : run.path.appending(key).appending(index: k)
                    issues.append(RequestIssue(path: at, message: "no column \"\(name)\" in the input\(hint)"))
                    continue
                }
                run.columns.append(index)
            }
            guard run.columns.count == run.spec.columns.count else { continue }
            if let problem = CheckTyping.prepare(run, schema: schema) { issues.append(problem) }
            if case .unique = run.spec.rule {
                run.unique = UniqueTracker(memoryCap: settings.uniqueMemoryCap, spillParent: settings.spillParent,
                                           sampleLimit: settings.sampleLimit)
            }
        }
        if issues.isEmpty { try TargetRules.prepare(self, schema: schema, issues: &issues) }
        if !issues.isEmpty { throw FerryError(InvalidRequest(issues: issues)) }
        rowsKept = 0
    }

    /// A `reference` check looks values up on the target while rows stream, through the load's
    /// connection on SQLite and ODBC: such a suite runs on the writer's thread.
    package var processesOnWriterThread: Bool { runs.contains { $0.reference != nil } }

    /// The target reads of `reference` and `drift`, opened on first use.
    func targetLookup() throws(FerryError) -> (any TargetLookup)? {
        if lookup == nil, let lookupProvider { lookup = try lookupProvider.targetLookup() }
        return lookup
    }

    package func process(_ batch: inout StagedBatch) throws(FerryError) {
        let rows = batch.rows
        rowsSeen += rows.rowCount
        // Each column's NULLs in this batch: lineage's counts and the row rules' evaluated counts.
        var batchNulls = Array(repeating: 0, count: rows.columns.count)
        for c in rows.columns.indices {
            batchNulls[c] = rows.columns[c].isNull.withUnsafeBufferPointer { isNull in
                var n = 0
                for row in 0..<rows.rowCount where isNull[row] { n += 1 }
                return n
            }
            if c < nullCounts.count { nullCounts[c] += batchNulls[c] }
        }
        // The rule, the scratch buffer and the counts are locals in the row loop: no copy of the
        // rule and no access to a class property per row.
        var scratch: [UInt8] = []
        swap(&scratch, &self.scratch)
        for run in runs where run.spec.rule.kind.isRowRule {
            let vector = rows.columns[run.columns[0]]
            try run.reference?.prepare(vector, rows: rows.rowCount)
            let rule = run.spec.rule
            // Most rules and column types pass column-wise; the rest are judged row by row.
            if let failing = RowRuleScan.failing(run, vector, rows: rows.rowCount) {
                for row in failing { fail(run, row: row, vector, rows, &batch) }
            } else {
                for row in 0..<rows.rowCount where !judge(run, rule, vector, row: row, scratch: &scratch) {
                    fail(run, row: row, vector, rows, &batch)
                }
            }
            // `not_null` judges every value, the other row rules the values that are not NULL.
            let nulls = batchNulls[run.columns[0]]
            if case .notNull = rule { run.evaluated += rows.rowCount } else { run.evaluated += rows.rowCount - nulls }
        }
        swap(&scratch, &self.scratch)
        rowsKept += rows.rowCount - batch.rejections.count
        // Which rows the dataset rules see: every row, unless a stage or check rejected some.
        let kept: [Bool]? = batch.rejections.isEmpty ? nil : (0..<rows.rowCount).map { !batch.isRejected(row: $0) }
        for run in runs where !run.spec.rule.kind.isRowRule {
            try accumulate(run, rows, kept: kept)
        }
    }

    /// Records that row `row` failed `run` (a sample, and the reject when its severity says so).
    private func fail(_ run: CheckRun, row: Int, _ vector: ColumnVector, _ rows: TypedBatch, _ batch: inout StagedBatch) {
        run.fail(line: rows.lines[row], value: vector.isNull[row] ? nil : ValueFormatter.text(vector, row: row),
                 limit: settings.sampleLimit)
        if run.spec.severity == .reject {
            batch.reject(row: row, column: run.spec.column, reason: run.reason)
        }
    }

    /// Whether value `row` passes a row rule (`rule`, `run`'s), using `scratch` for its text: the
    /// rules `RowRuleScan` has no pass for, and the reference its tests compare the passes with.
    func judge(_ run: CheckRun, _ rule: CheckRule, _ v: ColumnVector, row: Int, scratch: inout [UInt8]) -> Bool {
        if case .notNull = rule { return !v.isNull[row] }
        if v.isNull[row] { return true }
        switch rule {
        case .inSet:
            // A boolean's text is `true` or `false`: the same answer without making it.
            if v.type == .boolean { return v.ints[row] != 0 ? run.acceptsTrue : run.acceptsFalse }
            Self.text(v, row: row, into: &scratch)
            return run.accepted.contains(scratch)
        case let .range(_, _, minInclusive, maxInclusive):
            return CheckTyping.inRange(run, v, row: row, minInclusive: minInclusive, maxInclusive: maxInclusive)
        case .regex:
            Self.text(v, row: row, into: &scratch)
            return scratch.withUnsafeBytes { run.regex?.matches($0) ?? false }
        case let .length(min, max):
            Self.text(v, row: row, into: &scratch)
            var n = 0
            for b in scratch where b & 0xC0 != 0x80 { n += 1 }
            return n >= (min ?? 0) && n <= (max ?? Int.max)
        case let .format(format):
            // A uuid column holds canonical UUIDs (lowercase, 8-4-4-4-12) only.
            if format == .uuid && v.type == .uuid { return true }
            Self.text(v, row: row, into: &scratch)
            return scratch.withUnsafeBytes { ValueFormat.matches(format, $0) }
        case .reference:
            return run.reference?.contains(ValueFormatter.text(v, row: row)) ?? true
        default:
            return true
        }
    }

    private static func text(_ v: ColumnVector, row: Int, into scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        ValueFormatter.append(v, row: row, to: &scratch)
    }

    /// Feeds the rows no stage rejected (those `kept` marks; every row when nil) to a dataset rule.
    private func accumulate(_ run: CheckRun, _ rows: TypedBatch, kept: [Bool]?) throws(FerryError) {
        switch run.spec.rule {
        case .rowCount:
            run.rows += kept.map { $0.reduce(0) { $1 ? $0 + 1 : $0 } } ?? rows.rowCount
        case .unique:
            guard let tracker = run.unique else { return }
            if run.columns.count == 1, rows.columns[run.columns[0]].type == .bigint {
                let v = rows.columns[run.columns[0]]
                for row in 0..<rows.rowCount where kept?[row] ?? true && !v.isNull[row] {
                    run.evaluated += 1
                    try tracker.add(int: v.ints[row], line: rows.lines[row])
                }
                return
            }
            row: for row in 0..<rows.rowCount where kept?[row] ?? true {
                key.removeAll(keepingCapacity: true)
                for c in run.columns {
                    if rows.columns[c].isNull[row] { continue row }
                    UniqueKey.append(rows.columns[c], row: row, to: &key, scratch: &scratch)
                }
                run.evaluated += 1
                try tracker.add(key, line: rows.lines[row])
            }
        case .freshness:
            let v = rows.columns[run.columns[0]]
            for row in 0..<rows.rowCount where kept?[row] ?? true && !v.isNull[row] {
                run.newest = max(run.newest ?? v.ints[row], v.ints[row])
            }
        case .dateCoverage:
            let v = rows.columns[run.columns[0]]
            let perDay: Int64 = v.type == .date ? 1 : 86_400_000_000
            var days = run.days
            run.days = DaySet()
            v.isNull.withUnsafeBufferPointer { isNull in
                v.ints.withUnsafeBufferPointer { values in
                    for row in 0..<rows.rowCount where kept?[row] ?? true && !isNull[row] {
                        days.insert(perDay == 1 ? values[row] : CheckTyping.floorDiv(values[row], perDay))
                    }
                }
            }
            run.days = days
        case .drift:
            guard let drift = run.drift else { return }
            let v = run.columns.first.map { rows.columns[$0] }
            for row in 0..<rows.rowCount where kept?[row] ?? true {
                try drift.add(v, row: row, line: rows.lines[row])
            }
        default:
            break
        }
    }

    package func finish() throws(FerryError) {
        for run in runs { try DatasetRules.evaluate(run, schema: schema, settings: settings) }
        outcomes = runs.map(\.outcome)
        emitter?.emit(ChecksCompleted(checks: outcomes))
        let failed = outcomes.filter { $0.status == .failed }
        guard !failed.isEmpty else { return }
        let named = failed.prefix(3).map { "\"\($0.name)\" (\($0.failing) failing of \($0.evaluated))" }.joined(separator: ", ")
        let more = failed.count > 3 ? " and \(failed.count - 3) more" : ""
        throw FerryError(.checksFailed, stage: .transform,
                         "\(failed.count) check\(failed.count == 1 ? "" : "s") failed: \(named)\(more); the target was left unchanged")
    }

    /// The columns of the schema the suite started with.
    package var schemaColumns: [Column] { schema.columns }

    package var resultMembers: [(key: String, value: JSONValue)] {
        outcomes.isEmpty ? [] : [("checks", .array(outcomes.map(\.json)))]
    }

    /// The checks' summary and metrics for the load's ledger row (`ChecksRecord`); nil before
    /// the input ended.
    package var ledgerRecord: String? {
        guard !outcomes.isEmpty else { return nil }
        var metrics: [(key: String, value: Double)] = [("row_count", Double(rowsKept))]
        for run in runs {
            guard let drift = run.drift, drift.key != "row_count", let value = drift.current else { continue }
            if !metrics.contains(where: { $0.key == drift.key }) { metrics.append((drift.key, value)) }
        }
        return ChecksRecord.json(outcomes: outcomes, metrics: metrics)
    }
}
