import ArgumentParser
import FerryPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// `ferry init`: a commented example request and sample data to start from.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented example request and sample data.",
        discussion: """
        Writes DIR/ferry.request.json, DIR/data/orders.csv and the files the
        README tour loads next: DIR/data/updates.csv (an upsert) and
        DIR/data/big.csv.gz (20,000 rows, 3 of them malformed). DIR defaults to
        the current directory. Existing files are never overwritten.

        Examples:
          ferry init demo && cd demo && ferry run --request ferry.request.json
          ferry init && ferry load data/orders.csv --mode replace
        """
    )

    @Argument(help: ArgumentHelp("Where to write the files.", valueName: "DIR"))
    var directory: String = "."

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let files: [(path: String, bytes: [UInt8])]
        do {
            files = try ExampleFiles.all()
        } catch {
            global.log.error("cannot make the example files: \(error.message)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        for file in files {
            let path = directory + "/" + file.path
            if access(path, F_OK) == 0 {
                global.log.error("\(path) exists; not overwriting it (choose another directory)")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
        }
        for file in files {
            let path = directory + "/" + file.path
            try makeParents(of: path)
            try write(file.bytes, to: path)
            global.log.info("wrote \(path)")
        }
        let cd = directory == "." ? "" : "cd \(directory) && "
        StandardStream.out.write("""
        Next:
          \(cd)ferry run --request \(ExampleFiles.requestPath)    # events on stdout, logs on stderr
          sqlite3 ferry.db 'select * from orders'

        """)
    }

    private func makeParents(of path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/").dropLast() {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                global.log.error("cannot create \(current): \(Errno.current.message)")
                throw ExitCode(ExitStatus.internalError.rawValue)
            }
        }
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        var file: FileDescriptor
        do {
            file = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_EXCL, permissions: 0o644)
        } catch {
            global.log.error("cannot create \(path): \(error.message)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        do {
            try file.writeAll(bytes)
            try file.close()
        } catch {
            global.log.error("cannot write \(path): \(error.message)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
    }
}
