@testable import FerryCLI
import FerryCore
import Testing

@Suite("ferry dbt: when the user's dbt command would have nothing to do")
struct DbtPlanSummaryTests {
    private func arguments(_ user: [String]) -> DbtArguments {
        DbtArguments(executable: "dbt", user: user, projectDir: nil, profilesDir: nil, target: nil)
    }

    @Test("the plan's summary line is taken out of dbt's other lines")
    func takesTheSummary() {
        let lines = ["Running with dbt", #"{"ferry_plan_summary": 1, "other_seeds": 2, "warn_error": false}"#, "done"]
        let (summary, other) = DbtPlanSummary.take(from: lines)
        #expect(summary == DbtPlanSummary(otherSeeds: 2, warnError: false))
        #expect(other == ["Running with dbt", "done"])
        // An older package prints none; a line that does not read as one stays one of dbt's.
        #expect(DbtPlanSummary.take(from: ["done"]).summary == nil)
        let odd = #"{"ferry_plan_summary": 1, "other_seeds": "two"}"#
        let taken = DbtPlanSummary.take(from: [odd])
        #expect(taken.summary == nil)
        #expect(taken.otherLines == [odd])
    }

    @Test("only a plain dbt seed, with every seed Ferry's and warnings not errors, is left out")
    func leavesNothing() {
        let allFerry = DbtPlanSummary(otherSeeds: 0, warnError: false)
        for user in [["seed"], ["seed", "--full-refresh"], ["seed", "--target", "prod", "--threads=4"], ["seed", "-t", "dev", "-q"]] {
            #expect(allFerry.leavesNothingFor(arguments(user)), "\(user)")
        }
        for user in [
            ["build"], ["run"], ["--debug", "seed"], ["seed", "--select", "orders"], ["seed", "-s", "orders"],
            ["seed", "--exclude", "x"], ["seed", "--selector", "nightly"], ["seed", "--warn-error"], ["seed", "--target"],
            ["seed", "--show"],
        ] {
            #expect(!allFerry.leavesNothingFor(arguments(user)), "\(user)")
        }
        #expect(!DbtPlanSummary(otherSeeds: 1, warnError: false).leavesNothingFor(arguments(["seed"])))
        #expect(!DbtPlanSummary(otherSeeds: 0, warnError: true).leavesNothingFor(arguments(["seed"])))
    }
}
