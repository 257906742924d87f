import Testing
@testable import FerryCore

/// `options.commit_every` and `options.resume` (Docs/many-files.md, "Chunked, resumable loads").
@Suite("Chunked load requests")
struct ChunkedRequestTests {
    private func request(_ options: String, mode: String = "append", path: String = "big.csv") -> String {
        #"{"contract_version": 1, "source": {"kind": "file", "path": "\#(path)", "format": "csv"}, "mode": "\#(mode)", "key": \#(mode == "update" ? #"["id"]"# : "[]"), "options": \#(options)}"#
    }

    @Test("an integer is rows per chunk, {\"bytes\": N} input bytes; both round-trip through the request JSON")
    func rowsAndBytes() throws {
        let rows = try parseRequest(request(#"{"commit_every": 1000000}"#))
        #expect(rows.options.commitEvery == .rows(1_000_000))
        #expect(rows.options.resume)
        let bytes = try parseRequest(request(#"{"commit_every": {"bytes": 268435456}, "resume": false}"#))
        #expect(bytes.options.commitEvery == .bytes(268_435_456))
        #expect(!bytes.options.resume)
        let again = try parseRequest(bytes.json.serialized())
        #expect(again.options.commitEvery == .bytes(268_435_456) && !again.options.resume)
    }

    @Test("bad values, stdin, mode update and resume without commit_every are reported with their paths")
    func refusals() {
        #expect(requestIssues(request(#"{"commit_every": 0}"#)).contains { $0.hasPrefix("$.options.commit_every: ") })
        #expect(requestIssues(request(#"{"commit_every": "256MB"}"#)).contains { $0.hasPrefix("$.options.commit_every: expected a row count") })
        #expect(requestIssues(request(#"{"commit_every": {"byte": 5}}"#)).contains { $0.hasPrefix("$.options.commit_every.byte: unknown field") })
        #expect(requestIssues(request(#"{"commit_every": 10}"#, path: "-")).contains { $0.hasPrefix("$.options.commit_every: a resumed load reads the source again") })
        #expect(requestIssues(request(#"{"commit_every": 10}"#, mode: "update")).contains { $0.hasPrefix("$.options.commit_every: mode update is not chunked") })
        #expect(requestIssues(request(#"{"resume": false}"#)) == ["$.options.resume: applies to chunked loads only; set commit_every"])
    }

    @Test("de-duplication is refused with commit_every: its held-back rows could fall behind a checkpoint")
    func dedupeRefused() {
        let json = #"{"contract_version": 1, "source": {"kind": "file", "path": "big.csv", "format": "csv"}, "mode": "append", "options": {"commit_every": 10}, "transform": {"dedupe": {"key": ["id"]}}}"#
        #expect(requestIssues(json).contains { $0.hasPrefix("$.options.commit_every: de-duplication past its memory cap holds rows back") })
        let unchunked = #"{"contract_version": 1, "source": {"kind": "file", "path": "big.csv", "format": "csv"}, "mode": "append", "transform": {"dedupe": {"key": ["id"]}}}"#
        #expect(requestIssues(unchunked).isEmpty)
    }

    @Test("the staging table's name is stable per job and target and fits every database")
    func stagingName() {
        let key = ChunkCheckpoint.key(job: Job(name: "load_big", namespace: "ferry"), target: "big")
        #expect(key == "ferry/load_big→big")
        let name = ChunkCheckpoint.stagingTable(key: key)
        #expect(name == ChunkCheckpoint.stagingTable(key: key))
        #expect(name.hasPrefix("ferry_chunks_") && name.utf8.count == 29)
        #expect(name != ChunkCheckpoint.stagingTable(key: ChunkCheckpoint.key(job: Job(name: "load_big", namespace: "ferry"), target: "big2")))
    }
}
