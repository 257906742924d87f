import Foundation
import FerryCore
import FerryTestSupport
import Testing

/// Compares normalised events of real runs with golden files in Golden/. Set
/// FERRY_UPDATE_GOLDEN=1 to rewrite them (then review the diff).
@Suite("Golden events")
struct GoldenEventTests {
    let dir = TemporaryDirectory()
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let volatile: Set<String> = ["run_id", "time", "duration_ms", "rows_per_second", "bytes_per_second", "ferry_version"]

    /// Drops progress events (timing-dependent) and replaces volatile values with "…".
    static func normalise(_ stdout: String) -> String {
        stdout.split(separator: "\n").compactMap { line -> String? in
            guard let event = try? JSONParser.parse(String(line)) else { return String(line) }
            if event["type"] == .string("progress") { return nil }
            return scrub(event).serialized()
        }.joined(separator: "\n") + "\n"
    }

    static func scrub(_ v: JSONValue) -> JSONValue {
        switch v {
        case let .object(members): return .object(members.map { ($0.key, volatile.contains($0.key) ? .string("…") : scrub($0.value)) })
        case let .array(items): return .array(items.map(scrub))
        default: return v
        }
    }

    private func check(_ name: String, _ stdout: String) throws {
        // Lineage names files by absolute path: the temporary directory becomes "<dir>".
        let real = URL(fileURLWithPath: dir.path).standardizedFileURL.path
        let actual = Self.normalise(stdout.replacingOccurrences(of: real, with: "<dir>"))
        let file = Self.goldenDir.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["FERRY_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenDir, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
        }
        let expected = String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
        #expect(actual == expected, "events differ from Golden/\(name); run with FERRY_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test("the example request's events")
    func exampleRun() throws {
        _ = try FerryBinary.run(["init", "."], in: dir.path)
        let out = try FerryBinary.run(["run", "--request", "ferry.request.json"], in: dir.path)
        #expect(out.status == 0)
        try check("example-run.jsonl", out.stdout)
    }

    @Test("a load with rejected rows under a percentage threshold")
    func rejectedRows() throws {
        dir.write("r.csv", "id,qty\n1,5\n2,five\n3,7\n4,\n5,9\n6,10\n7,11\n8,12\n9,13\n10,14\n")
        let out = try FerryBinary.run(["load", "r.csv", "--column", "qty:bigint", "--max-rejects", "20%", "--json"], in: dir.path)
        #expect(out.status == 0)
        try check("rejected-rows.jsonl", out.stdout)
    }

    @Test("an invalid request")
    func invalidRequest() throws {
        let out = try FerryBinary.run(["run"], in: dir.path, stdin: #"{"contract_version": 1, "source": {"kind": "ftp"}, "mode": "append", "key": ["id"]}"#)
        #expect(out.status == 3)
        try check("invalid-request.jsonl", out.stdout)
    }
}
