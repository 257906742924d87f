import FerryCore

/// The rules judged once the input ended: `row_count`, `unique`, `freshness`, `date_coverage`.
enum DatasetRules {
    /// Sets `run`'s counts and samples for a dataset rule (row rules are already counted).
    static func evaluate(_ run: CheckRun, schema: Schema, settings: CheckSuite.Settings) throws(FerryError) {
        switch run.spec.rule {
        case let .rowCount(min, max):
            run.evaluated = 1
            if run.rows < (min ?? 0) || run.rows > (max ?? Int.max) {
                run.fail(line: nil, value: String(run.rows), limit: settings.sampleLimit)
            }
        case .unique:
            guard let tracker = run.unique else { return }
            try tracker.finish()
            run.failing = tracker.duplicates
            run.samples = tracker.samples.map { CheckOutcome.Sample(line: $0.line, value: run.spec.samples == .values ? $0.key : nil) }
        case let .freshness(maxAge):
            run.evaluated = 1
            let type = schema.columns[run.columns[0]].type
            let now = settings.now ?? Clock.unixMillis() * 1000
            guard let newest = run.newest else {
                run.fail(line: nil, value: nil, limit: settings.sampleLimit)
                return
            }
            // A date is fresh until its day ends.
            let newestMicros = type == .date ? (newest + 1) * 86_400_000_000 : newest
            if now - newestMicros > maxAge * 1_000_000 {
                run.fail(line: nil, value: text(newest, type: type), limit: settings.sampleLimit)
            }
        case let .dateCoverage(calendar, holidays, from, to):
            let first = from.flatMap(CheckBound.days(of:)) ?? run.days.min
            let last = to.flatMap(CheckBound.days(of:)) ?? run.days.max
            guard let first, let last, first <= last else { return }
            let skipped = Set(holidays.compactMap(CheckBound.days(of:)))
            var day = first
            while day <= last {
                // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
                let weekday = ((day + 3) % 7 + 7) % 7
                let expected = calendar == .everyDay || (weekday < 5 && !skipped.contains(day))
                if expected {
                    run.evaluated += 1
                    if !run.days.contains(day) { run.fail(line: nil, value: text(day, type: .date), limit: settings.sampleLimit) }
                }
                day += 1
            }
        case .drift:
            guard let drift = run.drift else { return }
            try drift.finish()
            run.evaluated = 1
            let current = drift.current
            let now = current.map(DriftCheck.text) ?? "none"
            guard let previous = drift.previous else {
                run.note = "\(drift.key) \(now); no earlier completed load of this job recorded it, so there is nothing to compare with"
                return
            }
            let change = DriftCheck.changePercent(from: previous, to: current)
            let shown = change.map { $0.isFinite ? DriftCheck.text(($0 * 100).rounded() / 100) + " %" : "from 0" } ?? "unknown"
            run.note = "\(drift.key) \(DriftCheck.text(previous)) → \(now) (change \(shown); at most \(DriftCheck.text(drift.maxChangePercent)) %)"
            if change.map({ $0 > drift.maxChangePercent }) ?? true {
                run.fail(line: nil, value: now, limit: settings.sampleLimit)
            }
        default:
            break
        }
    }

    private static func text(_ value: Int64, type: ColumnType) -> String {
        var v = ColumnVector(type: type)
        v.append(int: value)
        return ValueFormatter.text(v, row: 0)
    }
}
