import FerryCore
@testable import FerryChecks
import FerryTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Entries of `path` other than `.` and `..`.
private func entries(_ path: String) -> Int {
    guard let dir = opendir(path) else { return -1 }
    defer { closedir(dir) }
    var n = 0
    while readdir(dir) != nil { n += 1 }
    return n - 2
}

@Suite("Unique tracker")
struct UniqueTrackerTests {
    private func key(_ s: String) -> [UInt8] {
        var v = ColumnVector(type: .text)
        v.append(text: s)
        var key: [UInt8] = []
        var scratch: [UInt8] = []
        UniqueKey.append(v, row: 0, to: &key, scratch: &scratch)
        return key
    }

    private func count(cap: Int, keys: [String], parent: String) throws -> UniqueTracker {
        let tracker = UniqueTracker(memoryCap: cap, spillParent: parent, sampleLimit: 3)
        for (i, k) in keys.enumerated() { try tracker.add(key(k), line: i + 2) }
        try tracker.finish()
        return tracker
    }

    @Test("in memory and spilled to disk, the count of repeated keys is the same and exact")
    func spillIsExact() throws {
        let dir = TemporaryDirectory()
        // 3000 distinct keys, then 600 more rows that each repeat one of them: 600 repeats.
        var keys = (0..<3000).map { "k\($0)" }
        keys += (0..<500).map { "k\($0 * 3)" }
        keys += (0..<100).map { "k\($0 * 7)" }
        let memory = try count(cap: 1 << 30, keys: keys, parent: dir.path)
        #expect(!memory.spilled)
        #expect(memory.duplicates == 600)
        let tiny = UniqueTracker(memoryCap: 256, spillParent: dir.path, sampleLimit: 3)
        for (i, k) in keys.enumerated() { try tiny.add(key(k), line: i + 2) }
        #expect(tiny.spilled)
        try tiny.finish()
        #expect(tiny.duplicates == 600)
        #expect(tiny.samples.count == 3)
        #expect(entries(dir.path) == 0)
    }

    @Test("a repeat found in memory reports its line and key")
    func samples() throws {
        let dir = TemporaryDirectory()
        let t = try count(cap: 1 << 20, keys: ["a", "b", "a"], parent: dir.path)
        #expect(t.duplicates == 1)
        #expect(t.samples.first?.line == 4 && t.samples.first?.key == "a")
    }
}
