import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Foundation
import Testing

/// Two loads that replace one table at the same time.
@Suite("PostgreSQL concurrent replaces")
struct PostgresConcurrentReplaceTests {
    static let schema = testSchema([("id", .bigint), ("name", .text)])

    /// A load run on another thread and its outcome. Unchecked: the sink is used by that thread
    /// only, and `rows` and `error` are written once by it before `done` is signalled, read after.
    final class Outcome: @unchecked Sendable {
        let sink: PostgresSink
        var rows: Int?
        var error: (any Error)?
        let done = DispatchSemaphore(value: 0)

        init(sink: PostgresSink) { self.sink = sink }
    }

    @Test("two replaces of one table take turns: the second waits for the first, then swaps its own rows in, no deadlock")
    func takeTurns() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint, name text); INSERT INTO t VALUES (0, 'old')")
        let first = try db.sink("t")
        try first.begin(schema: Self.schema, mode: .replace, key: [])
        _ = try first.write(testBatch(Self.schema, [[.int(1), .text("first")]]))

        let outcome = Outcome(sink: try db.sink("t"))
        Thread.detachNewThread {
            do {
                outcome.rows = try load(outcome.sink, Self.schema, mode: .replace, [testBatch(Self.schema, [[.int(2), .text("second")]])])
            } catch {
                outcome.error = error
            }
            outcome.done.signal()
        }
        // The second load waits on the first's advisory lock (not on the table) before it reads anything.
        var waiting = false
        for _ in 0..<500 where !waiting {
            waiting = try db.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == "1"
            if !waiting { usleep(20_000) }
        }
        #expect(waiting, "the second replace never waited for the first")
        try first.record(testLedgerEntry(RunID(), table: "t", mode: .replace, rows: 1))
        try first.commit()
        #expect(outcome.done.wait(timeout: .now() + 60) == .success)
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.rows == 1)
        #expect(try db.values("name", from: "t") == ["second"])
    }
}
