import ArgumentParser
import FerryCore
import FerryHTTP
import FerryODBC
import FerryPostgres
import FerrySQLite

/// `ferry version`: this build and the libraries linked into it.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version, the contract version and the linked libraries.",
        discussion: """
        Examples:
          ferry version
          ferry version --json
        """
    )

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() {
        let libraries: [(key: String, value: JSONValue)] = [
            ("sqlite", .string(SQLiteLibrary.version)),
            ("libpq", .string(LibPQ.version)),
            ("libcurl", .string(LibCurl.version)),
            // null (text: "unavailable") when unixODBC is not installed: it is opened at run time.
            ("unixodbc", DriverManager.version(Connectors.odbcLibrary()).map(JSONValue.string) ?? .null),
        ]
        if json {
            let doc: JSONValue = .object([
                ("ferry", .string(FerryVersion.current)),
                ("contract_versions", .array(ContractVersion.supported.map { .int($0) })),
                ("libraries", .object(libraries)),
            ])
            StandardStream.out.write(doc.serialized() + "\n")
        } else {
            var text = "ferry \(FerryVersion.current) (contract v\(ContractVersion.current))\n"
            for (name, value) in libraries {
                if case let .string(v) = value { text += "  \(name) \(v)\n" } else { text += "  \(name) unavailable\n" }
            }
            StandardStream.out.write(text)
        }
    }
}
