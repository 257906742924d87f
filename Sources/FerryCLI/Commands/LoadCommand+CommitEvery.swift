import ArgumentParser
import FerryCore

extension LoadCommand {
    /// `--commit-every` as the request's `commit_every`: digits alone are rows (`1000000`), a
    /// size with a unit is input bytes (`256MB`, `1GiB`; `ByteSize`).
    static func commitEveryMember(_ text: String) throws -> JSONValue {
        let bytes = Array(text.utf8)
        if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let rows = Int(text), rows >= 1 else {
                throw ValidationError("--commit-every \(text): expected a row count of at least 1, or a size such as 256MB")
            }
            return .int(rows)
        }
        return .object([("bytes", .int(try ByteSize.parse(text, option: "--commit-every")))])
    }
}
