import ArgumentParser
import FerryCore
#if canImport(Glibc)
import Glibc
#endif

/// `ferry contract`: the JSON Schemas of the request and the events this binary speaks.
struct ContractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract",
        abstract: "Print the contract's JSON Schemas (request and events), or write them to a directory.",
        discussion: """
        Examples:
          ferry contract                      # both schemas, one after the other
          ferry contract --schema request     # just the request schema
          ferry contract --write Docs/contract/v1
          ferry contract --check Docs/contract/v1   # exit 1 when the files differ
        """
    )

    @Option(name: .long, help: "request or event.")
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("Write the schema files into DIR.", valueName: "DIR"))
    var write: String?

    @Option(name: .long, help: ArgumentHelp("Compare the schema files in DIR with this binary's.", valueName: "DIR"))
    var check: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var files = ContractSchema.files
        if let schema {
            files = files.filter { $0.name == "\(schema).schema.json" }
            if files.isEmpty { throw ValidationError("--schema: expected request or event") }
        }
        if let dir = check {
            var stale: [String] = []
            for f in files where FileText.read(dir + "/" + f.name) != f.json { stale.append(f.name) }
            if !stale.isEmpty {
                global.log.error("out of date in \(dir): \(stale.joined(separator: ", ")); run ferry contract --write \(dir)")
                throw ExitCode(ExitStatus.internalError.rawValue)
            }
            return
        }
        if let dir = write {
            for f in files {
                guard FileText.write(f.json, to: dir + "/" + f.name) else {
                    global.log.error("cannot write \(dir)/\(f.name): \(String(cString: strerror(errno)))")
                    throw ExitCode(ExitStatus.internalError.rawValue)
                }
                global.log.info("wrote \(dir)/\(f.name)")
            }
            return
        }
        for f in files { StandardStream.out.write(f.json) }
    }
}

/// Whole-file reads and writes of small text files (schemas, generated shims).
enum FileText {
    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ text: String, to path: String) -> Bool {
        guard let file = fopen(path, "wb") else { return false }
        let bytes = Array(text.utf8)
        let ok = fwrite(bytes, 1, bytes.count, file) == bytes.count
        return fclose(file) == 0 && ok
    }
}
