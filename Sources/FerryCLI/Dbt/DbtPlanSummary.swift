import FerryCore
import FerryShimGen

/// The last line of `ferry_load_plan`: how many of the project's seeds it did not select, and
/// whether dbt turns warnings into errors. An older package prints no such line; `ferry dbt` then
/// always runs the user's dbt command.
struct DbtPlanSummary: Sendable, Equatable {
    /// The project's enabled seeds (its own and its packages') that are not Ferry's.
    var otherSeeds: Int
    /// `--warn-error` or warn-error options are in effect (from the environment or the project's
    /// flags), so dbt's "Nothing to do" warning would fail the command.
    var warnError: Bool

    /// The summary among `lines` (dbt's output without the planned seeds), and the other lines.
    static func take(from lines: [String]) -> (summary: DbtPlanSummary?, otherLines: [String]) {
        let prefix = "{\"\(DbtHandshake.planSummaryMarker)\""
        var summary: DbtPlanSummary? = nil
        var other: [String] = []
        for line in lines {
            guard line.hasPrefix(prefix), let value = try? JSONParser.parse(line),
                  case let .number(count)? = value["other_seeds"], let others = Int(count),
                  case let .bool(warnError)? = value["warn_error"]
            else {
                other.append(line)
                continue
            }
            summary = DbtPlanSummary(otherSeeds: others, warnError: warnError)
        }
        return (summary, other)
    }

    /// Whether `dbt <arguments>`, with the planned seeds excluded, would select nothing and end
    /// with dbt's "Nothing to do" and exit code 0: a plain `dbt seed` (no selection, no option
    /// that could change that) in a project whose every seed is Ferry's, with warnings not errors.
    /// dbt then runs no hooks either (hooks run only around selected nodes).
    func leavesNothingFor(_ arguments: DbtArguments) -> Bool {
        otherSeeds == 0 && !warnError && arguments.isPlainSeed
    }
}

extension DbtArguments {
    /// Options of `dbt seed` that neither select nodes nor change what an empty selection does.
    static let neutralSeedOptions: Set = [
        "--full-refresh", "--no-full-refresh", "--threads", "--quiet", "-q", "--use-colors", "--no-use-colors",
        "--partial-parse", "--no-partial-parse", "--project-dir", "--profiles-dir", "--profile", "--target", "-t", "--vars",
    ]
    /// Those of them that take a value (`--x v` or `--x=v`).
    static let neutralSeedOptionsWithValue: Set = ["--threads", "--project-dir", "--profiles-dir", "--profile", "--target", "-t", "--vars"]

    /// Whether the user's command is `seed` with only `neutralSeedOptions` after it.
    var isPlainSeed: Bool {
        guard user.first == "seed" else { return false }
        var index = 1
        while index < user.count {
            let argument = user[index]
            let name = String(argument.prefix { $0 != "=" })
            guard Self.neutralSeedOptions.contains(name) else { return false }
            if Self.neutralSeedOptionsWithValue.contains(name) && name.count == argument.count { index += 1 }
            index += 1
        }
        return index == user.count
    }
}
