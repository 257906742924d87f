import ArgumentParser
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

/// The `--data DIR` every command takes.
struct DataOption: ParsableArguments {
    @Option(name: .long, help: "The server's data directory (history database, targets.json, uploads, run logs).")
    var data: String

    /// The layout under an absolute `--data`, created when missing.
    func layout() throws -> DataLayout {
        let root = data.hasPrefix("/") ? data : FileManager.default.currentDirectoryPath + "/" + data
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return DataLayout(root: root)
    }

    func store(_ layout: DataLayout) throws -> ServeStore {
        do { return try ServeStore(path: layout.databasePath) } catch { throw ValidationError("\(error)") }
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
