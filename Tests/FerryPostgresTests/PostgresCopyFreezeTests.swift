import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// `COPY … FREEZE` where the load's transaction created or emptied the table, and plain COPY
/// everywhere else (PostgreSQL refuses FREEZE for other tables).
@Suite("PostgreSQL COPY FREEZE")
struct PostgresCopyFreezeTests {
    static let schema = testSchema([("id", .bigint), ("name", .text)])

    static func batch(_ count: Int) -> TypedBatch {
        testBatch(schema, (1...count).map { [.int(Int64($0)), .text("n\($0)")] })
    }

    /// Loads 2,000 rows and returns whether the COPY was frozen; then ANALYZE counts the pages
    /// the visibility map marks all-visible, which only frozen rows are before any VACUUM.
    func load(_ db: PostgresTestSchema, mode: LoadMode) throws -> (frozen: Bool?, allVisible: Bool) {
        let sink = try db.sink("t")
        try sink.begin(schema: Self.schema, mode: mode, key: [])
        let frozen = sink.activeFreeze
        _ = try sink.write(Self.batch(2000))
        try sink.commit()
        #expect(try db.value("SELECT count(*) FROM t") == (mode == .append ? "2001" : "2000"))
        try db.psql("ANALYZE t")
        let pages = try db.value("SELECT relpages || ',' || relallvisible FROM pg_class WHERE oid = 't'::regclass")
        let parts = pages.split(separator: ",").compactMap { Int($0) }
        #expect(parts.count == 2 && parts[0] > 0)
        return (frozen, parts.count == 2 && parts[1] == parts[0])
    }

    @Test("truncate, create and replace write frozen rows", arguments: [LoadMode.truncate, .create, .replace])
    func frozen(mode: LoadMode) throws {
        let db = try PostgresTestSchema()
        if mode != .create { try db.psql("CREATE TABLE t (id bigint, name text); INSERT INTO t VALUES (0, 'old')") }
        let result = try load(db, mode: mode)
        #expect(result.frozen == true)
        #expect(result.allVisible)
    }

    @Test("append into an existing table does not freeze")
    func append() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint, name text); INSERT INTO t VALUES (0, 'old')")
        let result = try load(db, mode: .append)
        #expect(result.frozen == false)
        #expect(!result.allVisible)
    }

    @Test("truncate of a partitioned table loads without FREEZE")
    func partitioned() throws {
        let db = try PostgresTestSchema()
        let sink = try db.sink("t")
        try db.psql("CREATE TABLE t (id bigint, name text) PARTITION BY RANGE (id); CREATE TABLE t_all PARTITION OF t FOR VALUES FROM (MINVALUE) TO (MAXVALUE); INSERT INTO t VALUES (0, 'old')")
        try sink.begin(schema: Self.schema, mode: .truncate, key: [])
        #expect(sink.activeFreeze == false)
        _ = try sink.write(Self.batch(100))
        try sink.commit()
        #expect(try db.value("SELECT count(*) FROM t") == "100")
    }
}
