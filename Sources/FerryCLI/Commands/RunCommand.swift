import ArgumentParser
import FerryCore
import FerryPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// `ferry run`: the contract entry point for integrations.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a JSON request; write JSON-lines events to stdout.",
        discussion: """
        The request comes from --request FILE, or from stdin. Every event is
        one JSON object per line on stdout; the last line is always
        run_completed or run_failed. A request with problems is rejected as a
        whole, with every problem and its JSON path, before anything is
        touched (exit code 3).

        With --validate, the request is only parsed and validated: nothing is
        touched and stdout stays empty when it is valid (exit code 0); an invalid
        one gives the same run_failed event and exit code 3 as a run would.

        Examples:
          ferry run --request load.json
          ferry run < load.json
          ferry run --validate --request load.json   # check it in CI, run nothing
          echo '{"contract_version":1,
                "source":{"kind":"file","path":"orders.csv"}}' | ferry run
        """
    )

    @Option(name: .long, help: ArgumentHelp("The request file ('-' for stdin).", valueName: "FILE"))
    var request: String = "-"

    @Flag(name: .long, help: "Only validate the request: exit 0 when it is valid, run nothing.")
    var validate = false

    @OptionGroup var reporting: ReportOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var driver = RunDriver(log: global.log, jsonEvents: true)
        driver.reportPath = reporting.report
        let status: ExitStatus
        switch RequestFile.read(request) {
        case let .failure(error):
            status = driver.fail(error)
        case let .success(bytes):
            do {
                let request = try LoadRequest.parse(bytes)
                status = validate ? .success : driver.run(request, requestFile: self.request == "-" ? nil : self.request)
            } catch {
                status = driver.fail(FerryError(error))
            }
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

/// Reads a request document from a file or stdin.
enum RequestFile {
    static let maxBytes = 16 << 20

    static func read(_ path: String) -> Result<[UInt8], FerryError> {
        let bytes: [UInt8]
        do throws(Errno) {
            let file = path == "-" ? FileDescriptor.standardInput : try FileDescriptor.open(path, O_RDONLY)
            bytes = try file.readAll(limit: maxBytes)
        } catch {
            let message = error.code == EFBIG ? "the request is larger than 16 MiB"
                : path == "-" ? "cannot read the request: \(error.message)" : "cannot open the request file \(path): \(error.message)"
            return .failure(FerryError(.invalidRequest, stage: .validate, message))
        }
        if bytes.isEmpty {
            return .failure(FerryError(.invalidRequest, stage: .validate, path == "-" ? "no request on stdin; pass --request FILE or pipe a JSON request" : "the request file \(path) is empty"))
        }
        return .success(bytes)
    }
}
