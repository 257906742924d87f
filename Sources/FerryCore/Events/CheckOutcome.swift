/// What one data check found: its status, how many values it judged and how many failed, and a
/// few failing values with their source lines.
package struct CheckOutcome: Sendable, Equatable {
    package enum Status: String, Sendable, CaseIterable {
        /// No failure, or failures within the thresholds.
        case passed
        /// Failures a `warn` check reports, or rows a `reject` check rejected within its thresholds.
        case warned
        /// Over the thresholds of an `error` or `reject` check: the run fails (exit 7).
        case failed
    }

    /// A failing value: the source line of its row (nil for a dataset finding such as a missing
    /// day) and the value's text (nil for NULL).
    package struct Sample: Sendable, Equatable {
        package var line: Int?
        package var value: String?

        package init(line: Int?, value: String?) {
            self.line = line
            self.value = value
        }
    }

    package var name: String
    package var rule: String
    package var columns: [String]
    package var severity: String
    package var status: Status
    /// Values (rows, days, the whole input) the check judged.
    package var evaluated: Int
    package var failing: Int
    package var samples: [Sample]
    /// False when the check's `samples` setting is `lines`: samples then carry lines only.
    package var valuesShown = true
    /// What the outcome rests on when it is not a count alone (a `drift` check's metrics, or
    /// that no earlier load recorded one).
    package var note: String?

    package init(name: String, rule: String, columns: [String], severity: String, status: Status,
                 evaluated: Int, failing: Int, samples: [Sample]) {
        (self.name, self.rule, self.columns, self.severity) = (name, rule, columns, severity)
        (self.status, self.evaluated, self.failing, self.samples) = (status, evaluated, failing, samples)
    }

    package var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = [("name", .string(name)), ("rule", .string(rule))]
        m.append(("column", columns.count == 1 ? .string(columns[0]) : .null))
        if columns.count > 1 { m.append(("columns", .array(columns.map(JSONValue.string)))) }
        m += [
            ("severity", .string(severity)), ("status", .string(status.rawValue)),
            ("evaluated", .int(evaluated)), ("failing", .int(failing)),
        ]
        if !valuesShown { m.append(("values_shown", .bool(false))) }
        if let note { m.append(("note", .string(note))) }
        m += [
            ("samples", .array(samples.map { s in
                .object([("line", s.line.map(JSONValue.int) ?? .null), ("value", s.value.map(JSONValue.string) ?? .null)])
            })),
        ]
        return .object(m)
    }
}

/// The `checks_completed` event: every check's outcome, once the input ended and before the commit.
package struct ChecksCompleted: EventPayload {
    package var checks: [CheckOutcome]

    package init(checks: [CheckOutcome]) { self.checks = checks }

    package var eventPayload: Event.Payload { .checksCompleted(self) }

    package func count(_ status: CheckOutcome.Status) -> Int { checks.filter { $0.status == status }.count }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        [("passed", .int(count(.passed))), ("warned", .int(count(.warned))), ("failed", .int(count(.failed))),
         ("checks", .array(checks.map(\.json)))]
    }
}
