import ArgumentParser
import FerryCore
import FerryServeKit
import Foundation

/// `ferry-serve [--port P] --data DIR`, `ferry-serve user add`, `ferry-serve token create|revoke`.
@main
struct FerryServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry-serve",
        abstract: "Ferry's team server: REST API, run history, tokens and roles, quotas, metrics.",
        subcommands: [ServeCommand.self, UserCommand.self, TokenCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}

/// The `--data DIR` every command takes, and where the history is: the SQLite file under it, or
/// a PostgreSQL database named by `--history`, `--history-file` or `$FERRY_SERVE_HISTORY` (read
/// here, once).
struct DataOption: ParsableArguments {
    @Option(name: .long, help: "The server's data directory (history database, targets.json, uploads, run logs).")
    var data: String

    @Option(name: .long, help: ArgumentHelp(
        "The run history: `sqlite` (default: DIR/ferry-serve.db) or a PostgreSQL URI or key=value string.",
        discussion: "Other users can read a command line: keep the password in ~/.pgpass or PGPASSWORD, or use --history-file or FERRY_SERVE_HISTORY."))
    var history: String?

    @Option(name: .customLong("history-file"), help: "A file whose first line is the --history value (for a string with a password).")
    var historyFile: String?

    /// The environment variable read when neither option is given.
    static let historyVariable = "FERRY_SERVE_HISTORY"

    /// The layout under an absolute `--data`, created when missing.
    func layout() throws -> DataLayout {
        let root = data.hasPrefix("/") ? data : FileManager.default.currentDirectoryPath + "/" + data
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return DataLayout(root: root)
    }

    /// Where the history is: `--history`, else the first line of `--history-file`, else
    /// `$FERRY_SERVE_HISTORY`, else SQLite under `--data`.
    func location(_ layout: DataLayout) throws -> HistoryLocation {
        var value = history
        if value == nil, let historyFile {
            guard let text = try? String(contentsOfFile: historyFile, encoding: .utf8) else {
                throw ValidationError("--history-file: \(historyFile) could not be read")
            }
            value = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        if value == nil { value = ProcessInfo.processInfo.environment[Self.historyVariable].flatMap { $0.isEmpty ? nil : $0 } }
        guard let value, value != "sqlite" else { return .sqlite(path: layout.databasePath) }
        guard value.hasPrefix("postgresql://") || value.hasPrefix("postgres://") || value.contains("=") else {
            throw ValidationError("--history must be `sqlite` or a PostgreSQL URI (postgresql://...) or key=value string")
        }
        return .postgres(Secret(value))
    }

    /// The history store; `serving` for the server itself (see `ServeDatabase`).
    func store(_ layout: DataLayout, serving: Bool = false) throws -> ServeStore {
        let location = try location(layout)
        do { return try ServeStore(location, serving: serving) } catch {
            throw ValidationError(JSONLog.redact("\(error)", location.secrets))
        }
    }
}

/// Milliseconds since 1970, now.
func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user (or change its role).")
        @OptionGroup var data: DataOption
        @Argument(help: "The user name (letters, digits, '-', '_', '.').") var name: String
        @Option(help: "admin, loader or viewer.") var role: String = "loader"

        func run() async throws {
            guard UserName.isValid(name) else { throw ValidationError("user names are letters, digits, '-', '_' and '.' (not starting with '.')") }
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be admin, loader or viewer") }
            let layout = try data.layout()
            let store = try data.store(layout)
            try store.addUser(name, role: role, now: nowMilliseconds())
            try store.audit(user: "cli", action: "user.add", detail: "\(name) \(role.rawValue)", now: nowMilliseconds())
            print("user \(name) (\(role.rawValue))")
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it (it is shown only once).")
        @OptionGroup var data: DataOption
        @Option(help: "The user the token acts for (added when missing).") var user: String
        @Option(help: "admin, loader or viewer.") var role: String

        func run() async throws {
            guard UserName.isValid(user) else { throw ValidationError("user names are letters, digits, '-', '_' and '.' (not starting with '.')") }
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be admin, loader or viewer") }
            let layout = try data.layout()
            let store = try data.store(layout)
            if try !store.userExists(user) { try store.addUser(user, role: role, now: nowMilliseconds()) }
            let made = try store.createToken(user: user, role: role, now: nowMilliseconds())
            try store.audit(user: "cli", action: "token.create", detail: "\(made.id) for \(user) as \(role.rawValue)", now: nowMilliseconds())
            print(made.token)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token, given by its id or its text.")
        @OptionGroup var data: DataOption
        @Argument(help: "The token or its id.") var token: String

        func run() async throws {
            let layout = try data.layout()
            let store = try data.store(layout)
            guard try store.revokeToken(token, now: nowMilliseconds()) else { throw ValidationError("no such live token") }
            try store.audit(user: "cli", action: "token.revoke", detail: TokenHasher.parse(token)?.id ?? token, now: nowMilliseconds())
            print("revoked")
        }
    }
}
