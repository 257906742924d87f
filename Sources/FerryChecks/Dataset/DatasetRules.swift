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
            run.samples = tracker.samples.map { CheckOutcome.Sample(line: $0.line, value: $0.key) }
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
            let first = from.flatMap(CheckBound.days(of:)) ?? run.days.min()
            let last = to.flatMap(CheckBound.days(of:)) ?? run.days.max()
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
