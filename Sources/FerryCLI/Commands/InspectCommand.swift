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

    @Option(name: .long, help: "csv, tsv or jsonl, when the file name does not tell.")
    var format: String?

    @Option(name: .long, help: "The field delimiter.")
    var delimiter: String?

    @Flag(name: .long, help: "The first line holds data, not column names.")
    var noHeader = false

    @Option(name: .customLong("null"), help: ArgumentHelp("A field text that means NULL; repeatable.", valueName: "TEXT"))
    var nullMarkers: [String] = []

    @Option(name: .long, help: "utf-8 or latin-1.")
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp("Infer types from the first N rows.", valueName: "N"))
    var inferRows: Int?

    @Option(name: .long, help: ArgumentHelp("Declare a column's type; repeatable.", valueName: "NAME:TYPE"))
    var column: [String] = []

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var load = try LoadCommand.parse([file])
        load.format = format
        load.delimiter = delimiter
        load.noHeader = noHeader
        load.nullMarkers = nullMarkers
        load.encoding = encoding
        load.inferRows = inferRows
        load.column = column
        let request: LoadRequest
        do {
            request = try LoadRequest.parse(Array(try load.requestDocument().serialized().utf8))
        } catch let invalid as InvalidRequest {
            global.log.error(invalid.description)
            throw ExitCode(ExitStatus.invalidRequest.rawValue)
        }
        do {
            let source = try Connectors.source(request.source, options: request.options)
            let report = try Inspection(request: request, cancellation: Cancellation()).run(source: source)
            StandardStream.out.write(json ? InspectOutput.json(report, file: file).serialized() + "\n" : InspectOutput.table(report, file: file))
        } catch {
            global.log.error(error.message)
            throw ExitCode(ExitStatus(error).rawValue)
        }
    }
}
