import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Foundation
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
        _ = Self.interrupt(sink.interrupter, after: 0.5)
        let error = try #require(ferryError { try sink.begin(schema: Self.schema, mode: .truncate, key: []) })
        #expect(error.code == .cancelled)
        #expect(error.stage == .cancelled)
        #expect(error.driver?.code == "57014")
        #expect(ContinuousClock.now - started < .seconds(10))
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
        for index in 0..<10_000 where cancelled == nil {
            let first = 10 + Int64(index) * 5000
            let batch = testBatch(Self.schema, (0..<5000).map { [.int(first + Int64($0)), .text("row \($0) with some padding text")] })
            cancelled = ferryError { _ = try sink.write(batch) }
        }
        _ = thread
        let error = try #require(cancelled)
        #expect(error.code == .cancelled)
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
