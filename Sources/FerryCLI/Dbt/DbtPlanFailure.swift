import FerryCore
import FerryShimGen

/// What a failed `dbt run-operation ferry.ferry_load_plan` means, from dbt's own lines: a
/// database dbt could not reach is the target being unavailable (exit 5, retryable), a missing
/// macro is the package not installed, anything else is dbt's first error line.
enum DbtPlanFailure {
    /// Words of the drivers' connection and authentication failures, as dbt-postgres and
    /// dbt-sqlite print them (lowercased).
    static let unreachable = [
        "could not connect", "connection refused", "connection to server", "password authentication failed",
        "no password supplied", "timeout expired", "could not translate host name", "unable to open database file",
    ]

    /// The error for a plan that exited with `status`, given dbt's lines other than the plan.
    static func error(status: Int32, lines: [String]) -> FerryError {
        let text = lines.joined(separator: "\n").lowercased()
        let reason = firstErrorLine(lines).map { ": " + $0 } ?? ""
        let what = "dbt run-operation \(DbtHandshake.planMacro) exited with \(status)"
        if unreachable.contains(where: { DbtProfile.has(text, $0) }) {
            return FerryError(.targetUnavailable, stage: .connect, "\(what), unable to reach the database\(reason)", retryable: true)
        }
        if DbtProfile.has(text, "ferry_load_plan") || DbtProfile.has(text, "no package named 'ferry'") {
            return FerryError(.invalidRequest, stage: .validate,
                              "\(what)\(reason); is the ferry package in packages.yml, and did `dbt deps` install it?")
        }
        return FerryError(.invalidRequest, stage: .validate, what + reason)
    }

    /// dbt's first error line: the line after a heading such as `Database Error` or
    /// `Compilation Error` (which is where dbt puts the cause), else the first line naming an error.
    static func firstErrorLine(_ lines: [String]) -> String? {
        let trimmed = lines.map { String($0.drop { $0 == " " || $0 == "\t" }) }.filter { !$0.isEmpty }
        for (index, line) in trimmed.enumerated() where line.hasSuffix(" Error") || line.hasSuffix(" Error:") {
            if index + 1 < trimmed.count { return trimmed[index + 1] }
        }
        return trimmed.first { DbtProfile.has($0, "Error") || DbtProfile.has($0, "error") }
    }
}
