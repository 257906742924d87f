import ArgumentParser
import FerryCore

/// Whether `ferry load` tries again after a transient failure, and for how long.
struct RetryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Attempts after the first when a transient failure (lost connection, server restart, deadlock, busy database) ends one (default 0).", valueName: "N"))
    var retries: Int?

    @Option(name: .long, help: ArgumentHelp("Most seconds of pauses between attempts, all together (default 300).", valueName: "SECONDS"))
    var retryBudget: Int?

    /// The request's `options` members these flags set.
    var optionMembers: [(key: String, value: JSONValue)] {
        var options: [(key: String, value: JSONValue)] = []
        if let retries { options.append(("retries", .int(retries))) }
        if let retryBudget { options.append(("retry_budget", .int(retryBudget))) }
        return options
    }
}
