import FerryCore
import FerryPostgres
@testable import FerryServeKit
import Foundation
import Testing

/// The same store operations on the SQLite and the PostgreSQL history ($FERRY_TEST_PG_URL, a schema
/// of its own; without it the PostgreSQL case is recorded as an issue under CI=true and skipped
/// otherwise).
@Suite("Run history on SQLite and PostgreSQL")
struct HistoryStoreTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgresql
        var testDescription: String { rawValue }
    }

    /// A fresh history of `kind` and what removes it.
    static func history(_ kind: Kind) throws -> (location: HistoryLocation, remove: () -> Void)? {
        switch kind {
        case .sqlite:
            let directory = try TemporaryDirectory()
            return (.sqlite(path: directory.path + "/serve.db"), { directory.remove() })
        case .postgresql:
            guard let base = ProcessInfo.processInfo.environment["FERRY_TEST_PG_URL"] else {
                if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("FERRY_TEST_PG_URL is not set under CI") }
                return nil
            }
            let schema = "serve_kit_" + UUID().uuidString.prefix(8).lowercased()
            let admin = try PostgresSession(connection: Secret(base))
            try admin.query("CREATE SCHEMA \(schema)", "creating the test schema")
            let url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
            return (.postgres(Secret(url)), { _ = try? admin.query("DROP SCHEMA \(schema) CASCADE", "dropping the test schema") })
        }
    }

    static func run(_ id: String, user: String, at time: Int64, status: RunRecord.Status = .queued) -> RunRecord {
        RunRecord(id: id, user: user, job: "load_" + id, status: status, createdAt: time, retryOf: nil,
                  request: .object(["contract_version": .number(1)]), uploadBytes: 10)
    }

    @Test("users, tokens, runs, paging, usage, interruption and the audit log behave the same", arguments: Kind.allCases)
    func sameBehaviour(kind: Kind) throws {
        guard let (location, remove) = try Self.history(kind) else { return }
        defer { remove() }
        let store = try ServeStore(location, serving: true)
        try store.addUser("ann", role: .loader, now: 1)
        try store.addUser("ann", role: .admin, now: 2)
        #expect(try store.userExists("ann") && !store.userExists("123"))
        let made = try store.createToken(user: "ann", role: .admin, now: 3)
        #expect(try store.authenticate(made.token) == Principal(user: "ann", role: .admin, tokenID: made.id))
        #expect(try store.revokeToken(made.token, now: 4))
        #expect(try !store.revokeToken(made.token, now: 5))
        #expect(try store.authenticate(made.token) == nil)

        for index in 0..<7 {
            try store.insert(Self.run("r\(index)", user: index < 5 ? "ann" : "123", at: 1_000 + Int64(index)))
        }
        var finished = try #require(try store.run("r1"))
        finished.status = .completed
        (finished.startedAt, finished.finishedAt, finished.rowsWritten, finished.rowsRejected) = (1_100, 1_200, 3, 0)
        finished.result = .object(["type": .string("run_completed")])
        try store.update(finished)
        #expect(try store.run("r1") == finished)
        #expect(try store.run("r6")?.user == "123")

        var filter = ServeStore.RunFilter()
        filter.user = "ann"
        filter.limit = 2
        filter.offset = 1
        #expect(try store.runs(matching: filter).map(\.id) == ["r3", "r2"])
        filter = ServeStore.RunFilter()
        filter.status = "completed"
        #expect(try store.runs(matching: filter).map(\.id) == ["r1"])
        filter = ServeStore.RunFilter()
        (filter.since, filter.until) = (1_002, 1_004)
        #expect(try store.runs(matching: filter).map(\.id) == ["r3", "r2"])

        try store.recordUpload(user: "ann", name: "a.csv", bytes: 40_000_000_000, now: 1_000)
        try store.recordUpload(user: "ann", name: "b.csv", bytes: 2, now: 1_003)
        #expect(try store.usage(user: "ann", since: 1_003) == (runs: 2, bytes: 2))
        #expect(try store.usage(user: "ann", since: 0) == (runs: 5, bytes: 40_000_000_002))

        #expect(try store.markInterrupted(now: 2_000) == 6)
        #expect(try store.run("r0")?.status == .interrupted && store.run("r0")?.finishedAt == 2_000)
        #expect(try store.run("r1")?.status == .completed)
        #expect(try store.runsWithLogs(finishedBefore: 1_500) == ["r1"])

        try store.audit(user: "ann", action: "a.first", detail: "it's 'quoted' ?", now: 1)
        try store.audit(user: "ann", action: "a.second", detail: "", now: 2)
        #expect(try store.auditEntries(limit: 1).map(\.action) == ["a.second"])
        #expect(try store.auditEntries(limit: 5).last?.detail == "it's 'quoted' ?")
    }

    @Test("`?` placeholders become $1, $2… except inside quoted literals")
    func numbered() {
        #expect(PostgresHistory.numbered("SELECT a FROM t WHERE b = ? AND c IN ('?', 'x') LIMIT ? OFFSET ?")
            == "SELECT a FROM t WHERE b = $1 AND c IN ('?', 'x') LIMIT $2 OFFSET $3")
    }
}
