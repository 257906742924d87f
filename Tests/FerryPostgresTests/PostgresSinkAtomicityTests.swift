import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Foundation
import Testing

/// Every failure leaves the target exactly as it was.
@Suite("PostgreSQL sink atomicity")
struct PostgresSinkAtomicityTests {
    static let schema = testSchema([("id", .bigint), ("name", .text)])

    /// Everything a load could change: the schema's tables with their oids, columns, indexes and
    /// rows, and the grants.
    static func snapshot(_ db: PostgresTestSchema) throws -> String {
        try db.psql("""
            SELECT c.relname || ':' || c.oid || ':' || c.relkind::text || ':' || coalesce(c.relacl::text, '-')
            FROM pg_class c WHERE c.relnamespace = '\(db.quoted)'::regnamespace ORDER BY 1;
            SELECT attrelid::regclass || '.' || attname || ':' || format_type(atttypid, atttypmod) FROM pg_attribute
            WHERE attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = '\(db.quoted)'::regnamespace) AND attnum > 0 ORDER BY 1;
            SELECT coalesce(string_agg(id || '=' || coalesce(name, 'NULL'), ',' ORDER BY id), '') FROM t;
            """)
    }

    static func setUp(_ db: PostgresTestSchema) throws {
        try db.psql("""
            CREATE TABLE t (id bigint PRIMARY KEY, name text UNIQUE);
            CREATE INDEX t_name_lower ON t (lower(name));
            INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 100) g;
            GRANT SELECT ON t TO PUBLIC;
            """)
    }

    static func bigBatch(from first: Int64, count: Int) -> TypedBatch {
        testBatch(schema, (0..<count).map { [.int(first + Int64($0)), .text("new \(first + Int64($0))")] })
    }

    @Test("rollback after writes leaves the table as it was", arguments: LoadMode.allCases)
    func rollbackAfterWrites(mode: LoadMode) throws {
        let db = try PostgresTestSchema()
        try Self.setUp(db)
        let before = try Self.snapshot(db)
        let sink = try db.sink(mode == .create ? "fresh" : "t")
        try sink.begin(schema: Self.schema, mode: mode, key: mode.needsKey ? ["id"] : [])
        _ = try sink.write(Self.bigBatch(from: 50, count: 30_000))
        _ = try sink.write(Self.bigBatch(from: 80_000, count: 10))
        sink.rollback()
        sink.rollback()
        #expect(try Self.snapshot(db) == before)
    }

    @Test("rollback after the ledger row and the merge leaves the table and no ledger", arguments: LoadMode.allCases)
    func rollbackAfterRecord(mode: LoadMode) throws {
        let db = try PostgresTestSchema()
        try Self.setUp(db)
        let before = try Self.snapshot(db)
        let sink = try db.sink(mode == .create ? "fresh" : "t")
        try sink.begin(schema: Self.schema, mode: mode, key: mode.needsKey ? ["id"] : [])
        _ = try sink.write(Self.bigBatch(from: 1000, count: 100))
        try sink.record(testLedgerEntry(RunID(), table: "t", mode: mode))
        sink.rollback()
        #expect(try Self.snapshot(db) == before)
        #expect(try !db.exists("ferry_loads"))
    }

    @Test("a dropped sink rolls back its open load")
    func dropRollsBack() throws {
        let db = try PostgresTestSchema()
        try Self.setUp(db)
        let before = try Self.snapshot(db)
        do {
            let sink = try db.sink("t")
            try sink.begin(schema: Self.schema, mode: .truncate, key: [])
            _ = try sink.write(Self.bigBatch(from: 1, count: 10))
        }
        #expect(try Self.snapshot(db) == before)
    }

    @Test("a unique violation in the middle of a COPY leaves the table, names the constraint and line, and no value", arguments: [CopyFormat.binary, .text])
    func constraintViolation(format: CopyFormat) throws {
        let db = try PostgresTestSchema()
        try Self.setUp(db)
        try db.psql("INSERT INTO t VALUES (-1, 'CANARY-VALUE-8731')")
        let before = try Self.snapshot(db)
        let sink = try db.sink("t", format: format)
        try sink.begin(schema: Self.schema, mode: .append, key: [])
        var rows: [[TestValue?]] = (0..<5000).map { [.int(100_000 + Int64($0)), .text("fresh \($0)")] }
        rows[4321] = [.int(424_242), .text("CANARY-VALUE-8731")]
        let error = try #require(ferryError {
            _ = try sink.write(testBatch(Self.schema, rows, firstLine: 10))
            try sink.commit()
        })
        sink.rollback()
        #expect(error.code == .targetConstraint)
        #expect(error.driver?.code == "23505")
        #expect(error.driver?.system == "postgres")
        #expect(error.message.contains("t_name_key"), "\(error.message)")
        #expect(error.message.contains("source line 4331"), "\(error.message)")
        for text in [error.message, error.description, error.driver?.message ?? "", error.json.serialized()] {
            #expect(!text.contains("CANARY"), "\(text)")
            #expect(!text.contains("424242"), "\(text)")
        }
        #expect(try Self.snapshot(db) == before)
    }

    @Test("a check constraint failing during the upsert merge leaves the table", arguments: [LoadMode.upsert, .update])
    func mergeFailure(mode: LoadMode) throws {
        let db = try PostgresTestSchema()
        try Self.setUp(db)
        try db.psql("ALTER TABLE t ADD CONSTRAINT short_name CHECK (length(name) < 12)")
        let before = try Self.snapshot(db)
        let sink = try db.sink("t")
        let error = try #require(ferryError {
            try load(sink, Self.schema, mode: mode, key: ["id"], [testBatch(Self.schema, [[.int(5), .text("LEAKY-LONG-VALUE")]])])
        })
        #expect(error.code == .targetConstraint)
        #expect(error.message.contains("short_name"))
        #expect(!error.message.contains("LEAKY"))
        #expect(try Self.snapshot(db) == before)
    }

    @Test("a NOT NULL violation names the column and the line")
    func notNull() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint NOT NULL, name text)")
        let error = try #require(ferryError {
            try load(db.sink("t"), Self.schema, mode: .append, [testBatch(Self.schema, [[.int(1), .text("a")], [nil, .text("b")]], firstLine: 40)])
        })
        #expect(error.code == .targetConstraint)
        #expect(error.message.contains("\"id\""), "\(error.message)")
        #expect(error.message.contains("source line 41"), "\(error.message)")
        #expect(try db.value("SELECT count(*) FROM t") == "0")
    }

    @Test("a value too long for varchar fails without the value")
    func tooLong() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint, name varchar(3))")
        let error = try #require(ferryError {
            try load(db.sink("t"), Self.schema, mode: .append, [testBatch(Self.schema, [[.int(1), .text("LONGSECRETVALUE")]])])
        })
        #expect(error.driver?.code == "22001")
        #expect(error.message.contains("\"name\""), "\(error.message)")
        #expect(!error.message.contains("LONGSECRET") && !(error.driver?.message.contains("LONGSECRET") ?? true))
    }

    @Test("an integer out of range for an int4 column is refused before sending")
    func narrowInteger() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id integer, name text)")
        let error = try #require(ferryError {
            try load(db.sink("t"), Self.schema, mode: .append, [testBatch(Self.schema, [[.int(1), nil], [.int(5_000_000_000), nil]], firstLine: 3)])
        })
        #expect(error.code == .targetWrite)
        #expect(error.message.contains("source line 4") && error.message.contains("\"id\""))
        #expect(!error.message.contains("5000000000"))
        #expect(try db.value("SELECT count(*) FROM t") == "0")
    }
}
