package import ArgumentParser
import FerryCore
#if canImport(Glibc)
import Glibc
#endif

/// The `ferry` command line.
package struct FerryCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Load CSV, TSV and JSON Lines files into databases, and report every run as JSON events.",
        discussion: """
        With no target, data lands in the local SQLite file ./ferry.db.
        Integrations speak the JSON contract: `ferry run` reads a request and
        writes JSON-lines events to stdout; human logs go to stderr.
        Exit codes: 0 success, 2 usage, 3 invalid request, 4 source error,
        5 target error, 6 too many rejects, 130 interrupted (Docs/exit-codes.md).

        Examples:
          ferry load orders.csv                 # into ./ferry.db, table orders
          ferry load orders.csv --to sqlite:shop.db --mode replace
          ferry run --request load.json         # events on stdout
          ferry inspect orders.csv              # inferred schema and profile
        """,
        version: FerryVersion.current,
        subcommands: [
            RunCommand.self, LoadCommand.self, InspectCommand.self, InitCommand.self,
            DbtCommand.self, ContractCommand.self, GenerateCommand.self, VersionCommand.self, ServeCommand.self,
        ]
    )

    package init() {}

    /// Parses the command line, runs the command, and exits with a documented code.
    package static func main() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
            Glibc.exit(ExitStatus.success.rawValue)
        } catch let status as ExitCode {
            Glibc.exit(status.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version: ArgumentParser prints them to stdout.
                Self.exit(withError: error)
            }
            StandardStreamWriter.error(fullMessage(for: error))
            Glibc.exit(code == .validationFailure ? ExitStatus.usage.rawValue : ExitStatus.internalError.rawValue)
        }
    }
}

/// Plain writes for the few messages printed before logging is configured.
enum StandardStreamWriter {
    static func error(_ message: String) {
        StandardStream.err.write(message.hasSuffix("\n") ? message : message + "\n")
    }
}
