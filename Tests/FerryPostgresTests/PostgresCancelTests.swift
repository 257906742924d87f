import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Foundation
import Synchronization
import Testing

/// `PQcancel` from another thread stops blocking work; the target stays as it was.
@Suite("PostgreSQL cancellation")
struct PostgresCancelTests {
    static let schema = testSchema([("id", .bigint), ("name", .text)])

    /// Calls `interrupter.interrupt()` from another thread after `delay` seconds.
    static func interrupt(_ interrupter: any Interrupter, after delay: Double) -> Thread {
        let thread = Thread {
            Thread.sleep(forTimeInterval: delay)
            interrupter.interrupt()
        }
        thread.start()
        return thread
    }

    /// Set by the interrupting thread when the condition it waited for held.
    final class Sighting: Sendable {
        private let seen = Atomic<Bool>(false)
        func record() { seen.store(true, ordering: .releasing) }
        var happened: Bool { seen.load(ordering: .acquiring) }
    }

    /// Calls `interrupter.interrupt()` from another thread as soon as `ready()` holds (checked
    /// every 20 ms), or after `timeout` when it never does; the result says which.
    static func interrupt(_ interrupter: any Interrupter, when ready: @escaping @Sendable () -> Bool,
                          timeout: Duration = .seconds(30)) -> Sighting {
        let sighting = Sighting()
        Thread.detachNewThread {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if ready() {
                    sighting.record()
                    break
                }
                usleep(20_000)
            }
            interrupter.interrupt()
        }
        return sighting
    }

    @Test("a statement blocked on a lock is cancelled with SQLSTATE 57014 and the table stays as it was")
    func blockedStatement() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint, name text); INSERT INTO t VALUES (1, 'kept')")
        // Another session holds a lock that TRUNCATE must wait for.
        let holder = try PGConnection(connection: Secret(db.url))
        try holder.execute("BEGIN", PostgresContext(.load, "test"))
        try holder.execute("LOCK TABLE \(db.quoted).t IN ACCESS SHARE MODE", PostgresContext(.load, "test"))
        let sink = try db.sink("t")
        let started = ContinuousClock.now
        // Interrupt only once the TRUNCATE is waiting on the server: the cancel then reaches a
        // running statement (57014), never the check made before a statement is sent.
        let waiting = Self.interrupt(sink.interrupter, when: {
            (try? db.value("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 't'::regclass")) == "1"
        })
        let error = try #require(ferryError { try sink.begin(schema: Self.schema, mode: .truncate, key: []) })
        #expect(waiting.happened, "the TRUNCATE was never seen waiting for the lock")
        #expect(error.code == .cancelled)
        #expect(error.stage == .cancelled)
        #expect(error.driver?.code == "57014")
        #expect(ContinuousClock.now - started < .seconds(40))
        sink.rollback()
        try holder.execute("ROLLBACK", PostgresContext(.load, "test"))
        #expect(try db.values("name", from: "t") == ["kept"])
    }

    @Test("an interrupt during a streaming COPY stops the load and rollback restores the table", arguments: [LoadMode.append, .replace, .upsert])
    func duringCopy(mode: LoadMode) throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'kept')")
        let sink = try db.sink("t")
        try sink.begin(schema: Self.schema, mode: mode, key: mode.needsKey ? ["id"] : [])
        let thread = Self.interrupt(sink.interrupter, after: 0.3)
        var cancelled: FerryError?
        var batches = 0
        for index in 0..<10_000 where cancelled == nil {
            let first = 10 + Int64(index) * 5000
            let batch = testBatch(Self.schema, (0..<5000).map { [.int(first + Int64($0)), .text("row \($0) with some padding text")] })
            cancelled = ferryError { _ = try sink.write(batch) }
            batches += 1
        }
        _ = thread
        let error = try #require(cancelled, "all \(batches) batches were written: the interrupt never arrived")
        // Either way is right: the check before the next COPY buffer, or the server's 57014.
        #expect(error.isCancellation(driverCode: "57014"), "\(error)")
        sink.rollback()
        #expect(try db.values("name", from: "t") == ["kept"])
        #expect(try db.tables() == ["t"])
    }

    @Test("after an interrupt, commit does not commit")
    func commitAfterInterrupt() throws {
        let db = try PostgresTestSchema()
        let sink = try db.sink("t")
        try sink.begin(schema: Self.schema, mode: .create, key: [])
        _ = try sink.write(testBatch(Self.schema, [[.int(1), .text("a")]]))
        sink.interrupter.interrupt()
        let error = try #require(ferryError { try sink.commit() })
        #expect(error.code == .cancelled)
        #expect(try db.tables().isEmpty)
    }
}
