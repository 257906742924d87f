import FerryCore
import FerryFiles
import FerryTestSupport
import Testing

@Suite("Staged output files")
struct StagedFileTests {
    let dir = TemporaryDirectory()

    /// 1 MiB of a byte that tells one mebibyte from the next.
    private func block(_ index: Int) -> [UInt8] {
        [UInt8](repeating: UInt8(truncatingIfNeeded: index &+ 0x41), count: 1 << 20)
    }

    #if os(Linux)
    @Test("each 8 MiB written is sent to disk while writing, and the published file holds every byte")
    func writeBehind() throws {
        let staged = try StagedFile(dir.file("big.csv"), what: "the file target")
        var expected: [UInt8] = []
        for index in 0 ..< 20 {
            let bytes = block(index)
            try staged.write(bytes)
            expected += bytes
            // Started only for whole steps of 8 MiB, never for the part written after the last one.
            #expect(staged.sentToDisk == (expected.count / (8 << 20)) * (8 << 20))
        }
        #expect(staged.sentToDisk == 16 << 20)
        try staged.publish(replacing: false)
        #expect(staged.sentToDisk == 0)
        #expect(dir.read("big.csv") == expected)
    }
    #endif

    @Test("a file smaller than a step is only flushed when published")
    func smallFile() throws {
        let staged = try StagedFile(dir.file("small.csv"), what: "the file target")
        try staged.write(Array("id\n1\n".utf8))
        #expect(staged.sentToDisk == 0)
        try staged.publish(replacing: false)
        #expect(dir.read("small.csv") == Array("id\n1\n".utf8))
    }
}
