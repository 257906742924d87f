import FerryCore
@testable import FerryFiles
@testable import FerryTestSupport
import Testing

@Suite("Gzip compression")
struct GzipTests {
    /// Reads `compressed` back through Ferry's own file reader (`DecodedInput` with gzip).
    private func readBack(_ compressed: [UInt8], in directory: TemporaryDirectory) throws -> [UInt8] {
        let path = directory.write("data.gz", bytes: compressed)
        let input = try DecodedInput(
            endpoint: FileEndpoint(path: path, format: .csv, compression: .gzip), encoding: .utf8, chunkSize: 1 << 16)
        let buffer = ScanBuffer(capacity: 1 << 16)
        while try input.read(into: buffer, count: 1 << 16) > 0 {}
        return Array(UnsafeBufferPointer(start: buffer.base, count: buffer.end))
    }

    /// Decompresses `compressed` with the system's `gzip -d`.
    private func systemGunzip(_ compressed: [UInt8], in directory: TemporaryDirectory) throws -> [UInt8]? {
        let path = directory.write("system.gz", bytes: compressed)
        let result = try ChildProcess.run(["gzip", "-d", path])
        #expect(result.status == 0, "gzip -d failed: \(result.stderr)")
        return TemporaryDirectory.read(path: directory.file("system"))
    }

    /// 5 MB of mixed bytes: a repeating JSON-like text interleaved with pseudo-random runs.
    private static func sample(count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        let text = Array(#"{"eventType":"COMPLETE","job":{"namespace":"ferry","name":"load"}}"#.utf8)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        while out.count < count {
            out += text
            for _ in 0..<40 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                out.append(UInt8(truncatingIfNeeded: state >> 56))
            }
        }
        return Array(out.prefix(count))
    }

    @Test("compressed bytes start with the gzip magic and read back through the gzip file reader")
    func roundTripThroughReader() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let text = Array(String(repeating: "id,name\n1,ferry\n", count: 1000).utf8)
        let compressed = try Gzip.compress(text)
        #expect(Array(compressed.prefix(3)) == [0x1F, 0x8B, 0x08])
        #expect(compressed.count < text.count / 10)
        #expect(try readBack(compressed, in: directory) == text)
    }

    @Test("the system gzip decompresses what Gzip.compress wrote")
    func roundTripThroughSystemGzip() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let bytes = Array("hello, lineage\n".utf8) + (0...255).map { UInt8($0) }
        #expect(try systemGunzip(Gzip.compress(bytes), in: directory) == bytes)
    }

    @Test("empty input compresses to a valid, empty gzip member")
    func emptyInput() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let compressed = try Gzip.compress([])
        #expect(compressed.count == 20)
        #expect(try readBack(compressed, in: directory) == [])
        #expect(try systemGunzip(compressed, in: directory) == [])
    }

    @Test("5 MB of input round-trips through the reader and through gzip -d")
    func largeInput() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let bytes = GzipTests.sample(count: 5_000_000)
        let compressed = try Gzip.compress(bytes)
        #expect(compressed.count < bytes.count)
        #expect(try readBack(compressed, in: directory) == bytes)
        #expect(try systemGunzip(compressed, in: directory) == bytes)
    }

    @Test("incompressible input larger than its deflate bound estimate still round-trips")
    func incompressible() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var state: UInt64 = 42
        let bytes = (0..<300_000).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let compressed = try Gzip.compress(bytes)
        #expect(try readBack(compressed, in: directory) == bytes)
    }
}
