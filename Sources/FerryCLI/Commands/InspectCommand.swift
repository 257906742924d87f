import ArgumentParser
import FerryCore
import FerryEngine

/// `ferry inspect`: the schema Ferry would infer, and a profile of each column. Loads nothing.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the inferred schema and a column profile (type, nulls, distinct, min/max, formats, outliers); suggest checks.",
        discussion: """
        Reads the whole file twice (once to infer, once to profile) unless
        --infer-rows is given. Nothing is loaded. Memory stays bounded
        whatever the file's size (Docs/checks.md, "Profiles and suggested checks").

        Examples:
          ferry inspect orders.csv
          ferry inspect orders.csv.gz --json
          ferry inspect export.tsv --column zip:text
          ferry inspect orders.csv --report profile.html
          ferry inspect orders.csv --suggest-checks > checks.yaml
        """
    )

    @Argument(help: ArgumentHelp("The file to inspect.", valueName: "FILE"))
    var file: String

    @OptionGroup var read: SourceOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Flag(name: .long, help: "Print a checks file (YAML, as `ferry load --checks` reads) that the data passes, to edit.")
    var suggestChecks = false

    @Option(name: .long, help: ArgumentHelp("Also write the profile as a self-contained HTML page (FILE.html) or JSON.", valueName: "FILE"))
    var report: String?

    func validate() throws {
        if json && suggestChecks { throw ValidationError("give --json or --suggest-checks, not both") }
    }

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
        let report: InspectReport
        do {
            let source = try Connectors.source(request.source, context: Connectors.context(request, runID: RunID()))
            report = try Inspection(request: request, cancellation: Cancellation(), probes: FormatProbes.all).run(source: source)
        } catch {
            global.log.error(error.message)
            throw ExitCode(ExitStatus(error).rawValue)
        }
        if let path = self.report, let problem = InspectReportFile(report: report, file: file).write(to: path) {
            global.log.error(problem)
            throw ExitCode(ExitStatus.targetError.rawValue)
        }
        if suggestChecks {
            let rows = report.rowsRead - report.rowsRejected
            StandardStream.out.write(SuggestedChecks.yaml(CheckSuggester.suggest(rows: rows, columns: report.columns), file: file, rows: rows))
        } else {
            StandardStream.out.write(json ? InspectOutput.json(report, file: file).serialized() + "\n" : InspectOutput.table(report, file: file))
        }
    }
}
