import ArgumentParser
import FerryCore

/// How many rejected rows `ferry load` tolerates, and where they go.
struct RejectOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Rejected rows tolerated: a count or a percentage (default 0).", valueName: "N|P%"))
    var maxRejects: String?

    @Option(name: .long, help: ArgumentHelp("Where rejected rows go (JSON Lines).", valueName: "FILE"))
    var rejectPath: String?

    /// The request's `options` members these flags set.
    func optionMembers() throws -> [(key: String, value: JSONValue)] {
        var options: [(key: String, value: JSONValue)] = []
        if let maxRejects {
            // A count or a percentage; anything else is a usage error here, naming the value.
            if maxRejects.hasSuffix("%") {
                options.append(("max_rejects", .string(maxRejects)))
            } else if let count = Int(maxRejects), count >= 0 {
                options.append(("max_rejects", .int(count)))
            } else {
                throw ValidationError("--max-rejects \(maxRejects): expected a count such as 100 or a percentage such as 2.5%")
            }
        }
        if let rejectPath { options.append(("reject_path", .string(rejectPath))) }
        return options
    }
}
