import ArgumentParser
import FerryCore
import FerryEngine

/// `ferry inspect`: the schema Ferry would infer, and a profile of each column. Loads nothing.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the inferred schema and a column profile (type, nulls, distinct estimate, min/max, samples).",
        discussion: """
        Reads the whole file twice (once to infer, once to profile) unless
        --infer-rows is given. Nothing is loaded.

        Examples:
          ferry inspect orders.csv
          ferry inspect orders.csv.gz --json
          ferry inspect export.tsv --column zip:text
        """
    )

    @Argument(help: ArgumentHelp("The file to inspect.", valueName: "FILE"))
    var file: String

    @OptionGroup var read: SourceOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var load = try LoadCommand.parse([file])
        load.read = read
        let request: LoadRequest
        do {
            request = try LoadRequest.parse(Array(try load.requestDocument().serialized().utf8))
        } catch let invalid as InvalidRequest {
            global.log.error(invalid.description)
            throw ExitCode(ExitStatus.invalidRequest.rawValue)
        }
        do {
            let source = try Connectors.source(request.source, context: Connectors.context(request, runID: RunID()))
            let report = try Inspection(request: request, cancellation: Cancellation()).run(source: source)
            StandardStream.out.write(json ? InspectOutput.json(report, file: file).serialized() + "\n" : InspectOutput.table(report, file: file))
        } catch {
            global.log.error(error.message)
            throw ExitCode(ExitStatus(error).rawValue)
        }
    }
}
