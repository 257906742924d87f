import FerryCore
import FerryShimGen

/// The dbt command lines `ferry dbt` runs: the plan's run-operation and the user's command, with
/// the project, profiles directory and target passed through to both, and Ferry's seeds excluded
/// where dbt would otherwise load them itself. Arguments are passed as a list, never through a shell.
struct DbtArguments: Equatable {
    /// The executable: a path, or a name looked up on PATH.
    var executable: String
    /// Everything after `--`, as the user wrote it.
    var user: [String]
    /// `ferry dbt`'s own --project-dir, --profiles-dir and --target.
    var projectDir: String?
    var profilesDir: String?
    var target: String?

    /// dbt's subcommands; the first argument that names one is the command.
    static let subcommands: Set = [
        "build", "clean", "clone", "compile", "debug", "deps", "docs", "init", "list", "ls", "parse",
        "retry", "run", "run-operation", "seed", "show", "snapshot", "source", "test",
    ]
    /// The commands that load seeds themselves, and so must not load Ferry's.
    static let seedingCommands: Set = ["build", "seed"]
    /// Options that decide which project, profile and target dbt uses: the plan must see the same.
    static let connectionOptions = ["--project-dir", "--profiles-dir", "--profile", "--target", "-t", "--vars"]

    /// The user's dbt subcommand, if any.
    var subcommand: String? { user.first { Self.subcommands.contains($0) } }

    /// The value of `option` in the user's arguments (`--x v` or `--x=v`).
    func userValue(_ option: String) -> String? {
        for (index, argument) in user.enumerated() {
            if argument == option, index + 1 < user.count { return user[index + 1] }
            if argument.hasPrefix(option + "=") { return String(argument.dropFirst(option.count + 1)) }
        }
        return nil
    }

    /// The project directory dbt will use: `ferry dbt --project-dir`, the user's, DBT_PROJECT_DIR, or ".".
    func effectiveProjectDir(environment: (String) -> String?) -> String {
        projectDir ?? userValue("--project-dir") ?? environment("DBT_PROJECT_DIR").flatMap { $0.isEmpty ? nil : $0 } ?? "."
    }

    /// The profiles directory given to dbt, if any (otherwise dbt's own search applies).
    var effectiveProfilesDir: String? { profilesDir ?? userValue("--profiles-dir") }

    /// `dbt run-operation ferry.ferry_load_plan --quiet --no-use-colors --args {...}` with the user's
    /// connection options (plain lines: dbt's messages are shown when the plan fails).
    func plan(seeds: [String], createSchemas: Bool) -> [String] {
        var planArguments = "{\"create_schemas\": \(createSchemas)"
        if !seeds.isEmpty {
            planArguments += ", \"seeds\": [" + seeds.map(Self.jsonString).joined(separator: ", ") + "]"
        }
        planArguments += "}"
        var arguments = [executable, "run-operation", DbtHandshake.planMacro, "--quiet", "--no-use-colors", "--args", planArguments]
        for option in Self.connectionOptions where !ownsOption(option) {
            if let value = userValue(option) { arguments += [option, value] }
        }
        return arguments + ownOptions
    }

    /// The user's command, with `--exclude` for the planned seeds when it would load seeds, and
    /// `ferry dbt`'s own options added where the user did not give them.
    func command(excluding seeds: [String]) -> [String] {
        var arguments = [executable] + user
        if let subcommand, Self.seedingCommands.contains(subcommand), !seeds.isEmpty, userValue("--selector") == nil {
            arguments += ["--exclude"] + seeds
        }
        for (option, value) in ownPairs where userValue(option) == nil && !(option == "--target" && userValue("-t") != nil) {
            arguments += [option, value]
        }
        return arguments
    }

    /// Whether the user's command names a selector (which `--exclude` cannot be combined with).
    var usesSelector: Bool { userValue("--selector") != nil }

    private var ownPairs: [(String, String)] {
        [("--project-dir", projectDir), ("--profiles-dir", profilesDir), ("--target", target)].compactMap { pair in
            pair.1.map { (pair.0, $0) }
        }
    }

    private var ownOptions: [String] { ownPairs.flatMap { [$0.0, $0.1] } }

    private func ownsOption(_ option: String) -> Bool {
        switch option {
        case "--project-dir": projectDir != nil
        case "--profiles-dir": profilesDir != nil
        case "--target", "-t": target != nil
        default: false
        }
    }

    /// A command line as it may be logged: the value of `--vars` (which may hold anything, secrets
    /// included) is shown as `***`.
    static func shown(_ arguments: [String]) -> String {
        var shown: [String] = []
        var hideNext = false
        for argument in arguments {
            if hideNext {
                shown.append("***")
                hideNext = false
            } else if argument == "--vars" {
                shown.append(argument)
                hideNext = true
            } else if argument.hasPrefix("--vars=") {
                shown.append("--vars=***")
            } else {
                shown.append(argument)
            }
        }
        return shown.joined(separator: " ")
    }

    /// `text` as a JSON string (valid YAML too, which is what `--args` reads).
    static func jsonString(_ text: String) -> String {
        var out: [UInt8] = []
        JSONValue.writeString(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
