import ArgumentParser
import FerryCore
import FerryShimGen

/// `ferry generate`: writes the shims (the Airflow provider) from this binary's contract, or checks
/// that the committed ones are up to date.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the integration shims generated from the contract, or check them.",
        discussion: """
        Targets: \(ShimTarget.allCases.map { "\($0.rawValue) (into \($0.defaultDirectory)/)" }.joined(separator: ", ")).
        Only files carrying the GENERATED banner are written or compared; the
        hand-written part of a shim and its tests are left alone.

        Examples:
          ferry generate airflow --out airflow_provider
          ferry generate                  # every target into its default directory
          ferry generate --check          # exit 1 when a generated file differs
        """
    )

    @Argument(help: ArgumentHelp("The shims to generate (default: all).", valueName: "target"))
    var targets: [String] = []

    @Option(name: .long, help: ArgumentHelp("The directory to write into (one target only).", valueName: "DIR"))
    var out: String?

    @Flag(name: .long, help: "Compare instead of writing; exit 1 when any generated file differs.")
    var check = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        for name in targets where ShimTarget(rawValue: name) == nil {
            throw ValidationError("unknown target \(name); expected one of \(ShimTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if out != nil && selected.count != 1 {
            throw ValidationError("--out needs exactly one target")
        }
    }

    private var selected: [ShimTarget] {
        targets.isEmpty ? ShimTarget.allCases : targets.compactMap(ShimTarget.init(rawValue:))
    }

    func run() throws {
        let contract: ShimContract
        do {
            contract = try ShimContract(ferryVersion: FerryVersion.current, exitCodes: ExitStatus.allCases.map(\.shimRule))
        } catch {
            global.log.error("cannot read the contract: \(error)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        var stale = false
        for target in selected {
            let directory = ShimDirectory(path: out ?? target.defaultDirectory)
            let files = target.render(contract)
            if check {
                let drift = directory.drift(from: files)
                if !drift.isEmpty {
                    stale = true
                    global.log.error("\(target.rawValue) shim out of date in \(directory.path): \(drift.map(\.description).joined(separator: ", ")); run ferry generate \(target.rawValue) --out \(directory.path)")
                }
                continue
            }
            do {
                let changes = try directory.write(files)
                if changes.isEmpty { global.log.info("\(target.rawValue): \(directory.path) is up to date") }
                for change in changes {
                    let verb = switch change {
                    case .missing: "created"
                    case .differs: "updated"
                    case .orphaned: "deleted"
                    }
                    global.log.info("\(target.rawValue): \(verb) \(directory.path)/\(change.path)")
                }
            } catch {
                global.log.error("\(target.rawValue): \(error)")
                throw ExitCode(ExitStatus.internalError.rawValue)
            }
        }
        if stale { throw ExitCode(ExitStatus.internalError.rawValue) }
    }
}

extension ExitStatus {
    /// The exit code as the shims see it: its name and whether a run that ended with it may be
    /// retried (Docs/exit-codes.md, "Deciding whether to retry").
    var shimRule: ExitCodeRule {
        let (name, retry): (String, ExitCodeRule.Retry) = switch self {
        case .success: ("success", .notFailed)
        case .internalError: ("internal_error", .whenRetryable)
        case .usage: ("usage", .never)
        case .invalidRequest: ("invalid_request", .never)
        case .sourceError: ("source_error", .whenRetryable)
        case .targetError: ("target_error", .whenRetryable)
        case .rejectsExceeded: ("rejects_exceeded", .never)
        case .checksFailed: ("checks_failed", .never)
        case .interrupted: ("interrupted", .whenRetryable)
        }
        return ExitCodeRule(status: rawValue, name: name, retry: retry)
    }
}
