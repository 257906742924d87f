import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `ferry serve ARGS`: replaces this process with `ferry-serve ARGS` (`execv`), the team server
/// that ships as its own executable next to `ferry` (Docs/serve.md), so `ferry` links none of it.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the team server (runs ferry-serve from this binary's directory).",
        discussion: """
        ferry-serve is a separate program (Docs/serve.md); `ferry serve ARGS`
        runs `ferry-serve ARGS` from the directory this ferry is in.

        Examples:
          ferry serve --port 8080 --data ./serve-data
          ferry serve token create --user ann --role loader --data ./serve-data
        """
    )

    @Argument(parsing: .captureForPassthrough, help: "Arguments for ferry-serve.")
    var arguments: [String] = []

    func run() throws {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink("/proc/self/exe", &buffer, 4096)
        let bytes = count > 0 ? buffer[0..<count].map { UInt8(bitPattern: $0) } : []
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else {
            throw ValidationError("cannot find the directory of this ferry (/proc/self/exe)")
        }
        let path = String(decoding: bytes[...slash], as: UTF8.self) + "ferry-serve"
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        // execv returns only when it failed; then errno says why.
        execv(path, &argv)
        let reason = String(cString: strerror(errno))
        for pointer in argv { free(pointer) }
        throw ValidationError("cannot run \(path): \(reason)")
    }
}
