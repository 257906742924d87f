import ArgumentParser
import FerryCore
import FerryShimGen

/// `ferry contract`: the JSON Schemas of the request and the events this binary speaks.
struct ContractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract",
        abstract: "Print the contract's JSON Schemas (request and events), or write them to a directory.",
        discussion: """
        Examples:
          ferry contract                      # both schemas, one after the other
          ferry contract --schema request     # just the request schema
          ferry contract --write Docs/contract/v1
          ferry contract --check Docs/contract/v1   # exit 1 when the files differ
        """
    )

    @Option(name: .long, help: "request or event.")
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("Write the schema files into DIR.", valueName: "DIR"))
    var write: String?

    @Option(name: .long, help: ArgumentHelp("Compare the schema files in DIR with this binary's.", valueName: "DIR"))
    var check: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var files = ContractSchema.files
        if let schema {
            files = files.filter { $0.name == "\(schema).schema.json" }
            if files.isEmpty { throw ValidationError("--schema: expected request or event") }
        }
        if let dir = check {
            var stale: [String] = []
            for f in files where FileBytes.read(dir + "/" + f.name) != Array(f.json.utf8) { stale.append(f.name) }
            if !stale.isEmpty {
                global.log.error("out of date in \(dir): \(stale.joined(separator: ", ")); run ferry contract --write \(dir)")
                throw ExitCode(ExitStatus.internalError.rawValue)
            }
            return
        }
        if let dir = write {
            for f in files {
                do throws(ShimGenError) {
                    try FileBytes.replace(dir + "/" + f.name, with: Array(f.json.utf8))
                } catch {
                    global.log.error(error.message)
                    throw ExitCode(ExitStatus.internalError.rawValue)
                }
                global.log.info("wrote \(dir)/\(f.name)")
            }
            return
        }
        for f in files { StandardStream.out.write(f.json) }
    }
}
