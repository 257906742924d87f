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

    /// The same integers through the generic key path and the integer path.
    private func both(cap: Int, _ values: [Int64], parent: String) throws -> (generic: UniqueTracker, ints: UniqueTracker) {
        let generic = UniqueTracker(memoryCap: cap, spillParent: parent, sampleLimit: 3)
        let ints = UniqueTracker(memoryCap: cap, spillParent: parent, sampleLimit: 3)
        for (i, value) in values.enumerated() {
            try generic.add(UniqueTracker.key(value), line: i + 2)
            try ints.add(int: value, line: i + 2)
        }
        return (generic, ints)
    }

    @Test("ascending integer keys are kept unhashed, in memory and then on disk, and none repeats")
    func ascending() throws {
        let dir = TemporaryDirectory()
        let values: [Int64] = [.min, -5, 0, 1] + (2..<5_000).map { Int64($0) * 3 }
        let (generic, ints) = try both(cap: 1 << 10, values, parent: dir.path)
        #expect(ints.stillAscending && ints.runSpilled && !ints.spilled)
        #expect(entries(dir.path) >= 1)
        try generic.finish()
        try ints.finish()
        #expect(ints.duplicates == 0 && generic.duplicates == 0)
        #expect(entries(dir.path) == 0)
    }

    @Test("a break in the order hashes the run: repeats before and after the break count exactly", arguments: [1 << 30, 1 << 12])
    func brokenOrder(cap: Int) throws {
        let dir = TemporaryDirectory()
        // 1...3000 ascending (spilled to disk with the small cap), then 1500 (a repeat, and the
        // break), new keys, then 7, 2999 and 9000 again (repeats after the break).
        var values = (1...3_000).map { Int64($0) }
        values += [1_500, 10_000, 9_000, 7_000_000, Int64.min, 7, 2_999, 9_000]
        values += (0..<2_000).map { Int64($0 * 7 % 4_001) + 20_000 }
        let (generic, ints) = try both(cap: cap, values, parent: dir.path)
        #expect(!ints.stillAscending)
        #expect(ints.spilled == (cap < 1 << 20))
        try generic.finish()
        try ints.finish()
        #expect(generic.duplicates == 4)
        #expect(ints.duplicates == generic.duplicates)
        if cap > 1 << 20 {
            #expect(ints.samples.map(\.line) == [3_002, 3_007, 3_008])
            #expect(ints.samples.map(\.key) == ["1500", "7", "2999"])
        } else {
            #expect(ints.samples.count == 3)
        }
        #expect(entries(dir.path) == 0)
    }

    @Test("random integer keys spill past the cap and still count exactly as generic keys")
    func spilledIntegers() throws {
        let dir = TemporaryDirectory()
        var state: UInt64 = 99
        let values: [Int64] = (0..<20_000).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64(bitPattern: state >> 50) - 4_000
        }
        let (generic, ints) = try both(cap: 1 << 12, values, parent: dir.path)
        #expect(ints.spilled)
        try generic.finish()
        try ints.finish()
        #expect(generic.duplicates > 1_000)
        #expect(ints.duplicates == generic.duplicates)
        #expect(entries(dir.path) == 0)
    }
}
