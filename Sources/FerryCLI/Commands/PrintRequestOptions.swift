import ArgumentParser
import FerryCore

/// `ferry load --print-request`: print the request the command builds instead of running it.
struct PrintRequestOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the request this command builds, and exit (passwords shown as ***).")
    var printRequest = false

    @Flag(name: .long, help: "With --print-request: print connection strings as given, passwords included.")
    var showSecrets = false

    /// Prints `document` (its passwords hidden unless --show-secrets) when --print-request is
    /// given, and says whether it did; --show-secrets alone is a usage error.
    func printIfAsked(_ document: JSONValue) throws -> Bool {
        if printRequest {
            let shown = showSecrets ? document : LoadCommand.redactingConnections(document)
            StandardStream.out.write(shown.serialized() + "\n")
            return true
        }
        if showSecrets { throw ValidationError("--show-secrets goes with --print-request") }
        return false
    }
}
