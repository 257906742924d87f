import ArgumentParser
import FerryCore

/// The job `ferry load` reports itself as, in events and lineage.
struct JobOptions: ParsableArguments {
    @Option(name: .long, help: "The job name reported in events and lineage.")
    var job: String?

    @Option(name: .long, help: "The job namespace.")
    var namespace: String?

    /// The request's `job` member; nil when neither flag is given. Without --job, the name is
    /// `load_` and the target table (`load_data` without one).
    func document(table: String?) -> JSONValue? {
        guard job != nil || namespace != nil else { return nil }
        var members: [(key: String, value: JSONValue)] = [("name", .string(job ?? "load_" + (table ?? "data")))]
        if let namespace { members.append(("namespace", .string(namespace))) }
        return .object(members)
    }
}
