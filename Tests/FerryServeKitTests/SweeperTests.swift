@testable import FerryServeKit
import Foundation
import Testing

@Suite("Retention sweeper")
struct SweeperTests {
    @Test("uploads go after 7 days and run logs after 3 hours, history rows stay (fake clock)")
    func retention() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = DataLayout(root: directory.path)
        let store = try ServeStore(path: layout.databasePath)
        let sweeper = Sweeper(layout: layout, store: store)
        let start: Int64 = 1_800_000_000_000
        // An upload written at `start` (its modification time set explicitly).
        try directory.write("uploads/ann/orders.csv", "id\n1\n")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: Double(start) / 1000)],
                                              ofItemAtPath: layout.uploadDirectory("ann") + "/orders.csv")
        // A run that finished at `start`, with its logs and reject file.
        var run = RunRecord(id: "r1", user: "ann", job: "load_orders", status: .completed, createdAt: start - 1000,
                            retryOf: nil, request: .object([:]), uploadBytes: 0)
        run.finishedAt = start
        try store.insert(run)
        try directory.write("runs/r1/events.jsonl", "{}\n")
        try directory.write("runs/r1/stderr.log", "x\n")
        try directory.write("runs/r1/rejects.jsonl", "{}\n")

        #expect(try sweeper.sweep(now: start + 3 * 3_600_000 - 1) == Sweeper.Outcome(uploads: 0, runLogs: 0))
        #expect(try sweeper.sweep(now: start + 3 * 3_600_000 + 1) == Sweeper.Outcome(uploads: 0, runLogs: 1))
        #expect(!FileManager.default.fileExists(atPath: layout.eventsPath("r1")))
        #expect(FileManager.default.fileExists(atPath: layout.runDirectory("r1") + "/rejects.jsonl"))
        #expect(FileManager.default.fileExists(atPath: layout.uploadDirectory("ann") + "/orders.csv"))

        #expect(try sweeper.sweep(now: start + 7 * 86_400_000 - 1000).uploads == 0)
        #expect(try sweeper.sweep(now: start + 7 * 86_400_000 + 1000).uploads == 1)
        #expect(!FileManager.default.fileExists(atPath: layout.uploadDirectory("ann") + "/orders.csv"))
        #expect(try store.run("r1")?.status == .completed)
    }

    @Test("retention periods are configurable")
    func configurable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = DataLayout(root: directory.path)
        var sweeper = Sweeper(layout: layout, store: try ServeStore(path: layout.databasePath))
        sweeper.uploadRetention = 60
        try directory.write("uploads/ann/a.csv", "id\n")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(try sweeper.sweep(now: now + 30_000).uploads == 0)
        #expect(try sweeper.sweep(now: now + 120_000).uploads == 1)
    }

    @Test("the quota refuses the 6th run of a UTC day with the seconds until midnight, and a new day resets it")
    func quota() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try ServeStore(path: directory.path + "/s.db")
        let quota = Quota()
        let day: Int64 = 1_800_000_000_000 - 1_800_000_000_000 % 86_400_000
        for index in 0..<5 {
            try quota.admit(user: "ann", bytes: 0, store: store, runs: true, now: day + 1000)
            try store.insert(RunRecord(id: "r\(index)", user: "ann", job: "j", status: .completed, createdAt: day + 1000,
                                       retryOf: nil, request: .null, uploadBytes: 0))
        }
        do {
            try quota.admit(user: "ann", bytes: 0, store: store, runs: true, now: day + 1000)
            Issue.record("the 6th run was admitted")
        } catch {
            #expect(error.status == 429)
            #expect(error.retryAfter == 86_399)
        }
        try quota.admit(user: "bob", bytes: 0, store: store, runs: true, now: day + 1000)
        try quota.admit(user: "ann", bytes: 0, store: store, runs: true, now: day + 86_400_000)
    }

    @Test("the rate limiter answers with the seconds left in the window")
    func rateLimit() {
        let limiter = RateLimiter(limit: 2, windowSeconds: 60)
        #expect(limiter.check("t", now: 0) == nil)
        #expect(limiter.check("t", now: 1000) == nil)
        #expect(limiter.check("t", now: 10_000) == 50)
        #expect(limiter.check("other", now: 10_000) == nil)
        #expect(limiter.check("t", now: 60_000) == nil)
    }
}
