import ArgumentParser

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print nothing on stderr but errors.")
    var quiet = false

    @Option(name: .long, help: "How much to log on stderr: error, warning, info or debug.")
    var logLevel: LogLevel = .info

    var log: Log { Log(level: quiet ? .error : logLevel) }
}
