import ArgumentParser

/// Where a report of the run and its checks goes; shared by `ferry load` and `ferry run`.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write a report of the run and its checks: FILE.html (self-contained) or FILE.json.", valueName: "FILE"))
    var report: String?
}
