import Testing
@testable import FerryCLI
import FerryCore

@Suite("Sizes on the command line")
struct ByteSizeTests {
    @Test("bytes, decimal and binary units, any letter case", arguments: [
        ("4096", 4096), ("256MB", 256_000_000), ("256MiB", 268_435_456), ("1.5GB", 1_500_000_000), ("64kib", 65536),
        ("2 GiB", 2_147_483_648), ("10b", 10), ("3K", 3000),
    ])
    func parses(text: String, bytes: Int) throws {
        #expect(try ByteSize.parse(text, option: "--max-file-size") == bytes)
    }

    @Test("anything else is refused, naming the option", arguments: ["", "MB", "12XB", "-5MB", "1..2MB", "0", "1e3"])
    func refuses(text: String) {
        #expect(throws: (any Error).self) { try ByteSize.parse(text, option: "--max-file-size") }
    }
}

@Suite("--commit-every on the command line")
struct CommitEveryArgumentTests {
    @Test("digits alone are rows; a size with a unit is input bytes")
    func rowsOrBytes() throws {
        #expect(try LoadCommand.commitEveryMember("1000000").serialized() == "1000000")
        #expect(try LoadCommand.commitEveryMember("256MB").serialized() == #"{"bytes":256000000}"#)
        #expect(try LoadCommand.commitEveryMember("1GiB").serialized() == #"{"bytes":1073741824}"#)
        #expect(throws: (any Error).self) { try LoadCommand.commitEveryMember("0") }
        #expect(throws: (any Error).self) { try LoadCommand.commitEveryMember("lots") }
    }
}
