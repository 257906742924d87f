import FerryCore
@testable import FerryEngine
import FerryTestSupport
import Testing

/// Spill parts kept in memory, counting what was written, so a test sees that rows spilled.
private final class PartStore: SpillStore {
    var parts: [String: [UInt8]] = [:]
    var written = 0
    var names: Set<String> = []
    var discarded = false

    func append(_ bytes: [UInt8], to name: String) throws(FerryError) {
        parts[name, default: []] += bytes
        names.insert(name)
        written += bytes.count
    }

    func take(_ name: String) throws(FerryError) -> [UInt8] { parts.removeValue(forKey: name) ?? [] }

    func discard() {
        parts = [:]
        discarded = true
    }
}

@Suite("De-duplication")
struct DeduperTests {
    private static let schema = Schema(columns: [Column(name: "id", type: .bigint, origin: .declared),
                                                 Column(name: "v", type: .text, origin: .declared)])

    /// Rows `(id, v)` in batches of 7, line = ordinal + 1.
    private func batches(_ rows: [(Int64?, String?)]) -> [TypedBatch] {
        stride(from: 0, to: rows.count, by: 7).map { start in
            var b = TypedBatch(schema: Self.schema)
            for (k, r) in rows[start..<min(rows.count, start + 7)].enumerated() {
                if let id = r.0 { b.columns[0].append(int: id) } else { b.columns[0].appendNull() }
                if let v = r.1 { b.columns[1].append(text: v) } else { b.columns[1].appendNull() }
                b.lines.append(start + k + 2)
            }
            return b
        }
    }

    /// The kept rows as `id|v` texts with their lines, and the duplicate count.
    private func run(_ rows: [(Int64?, String?)], key: [Int]?, keep: DedupeSpec.Keep, cap: Int, store: PartStore) throws -> (rows: [String], duplicates: Int, spilled: Bool) {
        let d = Deduper(schema: Self.schema, key: key, keep: keep, memoryCap: cap) { () throws(FerryError) -> any SpillStore in store }
        var out: [String] = []
        func collect(_ b: TypedBatch, _ mask: [Bool]? = nil) {
            for row in 0..<b.rowCount where mask?[row] ?? true {
                let id = b.columns[0].isNull[row] ? "∅" : ValueFormatter.text(b.columns[0], row: row)
                out.append("\(b.lines[row]):\(id)|\(b.columns[1].text(at: row) ?? "∅")")
            }
        }
        for b in batches(rows) { collect(b, try d.take(b)) }
        let spilled = d.spilled
        try d.finish { (b: TypedBatch) throws(FerryError) in collect(b) }
        return (out.sorted(), d.duplicates, spilled)
    }

    /// 400 rows over 150 keys with NULLs, in a fixed pseudo-random order.
    private static let rows: [(Int64?, String?)] = {
        var x: UInt64 = 19
        return (0..<400).map { i in
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let id = Int64((x >> 33) % 150)
            return (id == 7 ? nil : id, i % 5 == 0 ? nil : "v\((x >> 40) % 3)")
        }
    }()

    /// What SQL's DISTINCT ON (or DISTINCT) keeps, computed plainly.
    private func expected(key: [Int]?, keep: DedupeSpec.Keep) -> [String] {
        var chosen: [String: Int] = [:]
        for (i, r) in Self.rows.enumerated() {
            let parts = [r.0.map(String.init) ?? "∅", r.1 ?? "∅"]
            let k = (key ?? [0, 1]).map { parts[$0] }.joined(separator: "\u{1}")
            if keep == .last || chosen[k] == nil { chosen[k] = i }
        }
        return chosen.values.map { i in "\(i + 2):\(Self.rows[i].0.map(String.init) ?? "∅")|\(Self.rows[i].1 ?? "∅")" }.sorted()
    }

    @Test("in memory and spilled to disk, keep first and keep last keep exactly the rows SQL would, on a key or whole rows",
          arguments: [([0] as [Int]?, DedupeSpec.Keep.first), ([0], .last), (nil, .first), (nil, .last), ([1, 0], .last)])
    func exact(key: [Int]?, keep: DedupeSpec.Keep) throws {
        let want = expected(key: key, keep: keep)
        let memory = try run(Self.rows, key: key, keep: keep, cap: 1 << 30, store: PartStore())
        #expect(!memory.spilled)
        #expect(memory.rows == want)
        #expect(memory.duplicates == Self.rows.count - want.count)
        let store = PartStore()
        let spilled = try run(Self.rows, key: key, keep: keep, cap: 600, store: store)
        #expect(spilled.spilled && store.written > 0)
        #expect(spilled.rows == want)
        #expect(spilled.duplicates == Self.rows.count - want.count)
        #expect(store.discarded && store.parts.isEmpty)
    }

    @Test("a spill part larger than the cap is split again and still gives the exact result")
    func resplit() throws {
        let many: [(Int64?, String?)] = (0..<3000).map { (Int64($0 % 1000), "x\($0)") }
        let store = PartStore()
        let r = try run(many, key: [0], keep: .last, cap: 200, store: store)
        #expect(r.duplicates == 2000)
        #expect(r.rows.count == 1000)
        #expect(r.rows.allSatisfy { $0.contains("|x2") })
        #expect(store.names.contains { $0.contains(".") })
    }

    @Test("past the cap, keep first passes rows with new keys on at once and holds back only the few the key filter may have seen")
    func streamsPastCap() throws {
        // 30,000 distinct keys, each seen again 1,000 rows later (a repeat of a key that is on disk).
        let rows: [(Int64?, String?)] = (0..<31_000).map { i in
            let k = i < 30_000 ? i : (i - 30_000) * 29
            return (Int64(k), "row\(i)")
        }
        let store = PartStore()
        let d = Deduper(schema: Self.schema, key: [0], keep: .first, memoryCap: 256 << 10) { () throws(FerryError) -> any SpillStore in store }
        var atOnce = 0
        var kept: Set<String> = []
        for b in batches(rows) {
            let now = try d.take(b)
            for row in 0..<b.rowCount where now[row] {
                atOnce += 1
                kept.insert(b.columns[1].text(at: row) ?? "")
            }
        }
        let spilled = d.spilled
        var later = 0
        try d.finish { (b: TypedBatch) throws(FerryError) in
            later += b.rowCount
            for row in 0..<b.rowCount { kept.insert(b.columns[1].text(at: row) ?? "") }
        }
        #expect(spilled)
        #expect(kept == Set((0..<30_000).map { "row\($0)" }))
        #expect(atOnce + later == 30_000)
        #expect(d.duplicates == 1_000)
        // Only false positives of the filter wait: far fewer than the 30,000 rows past the cap.
        #expect(later < 300)
        #expect(store.discarded && store.parts.isEmpty)
    }
}
