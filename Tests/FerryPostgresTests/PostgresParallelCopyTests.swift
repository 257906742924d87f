import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// `create` and `replace` through several COPY streams into a committed staging table.
@Suite("PostgreSQL parallel COPY")
struct PostgresParallelCopyTests {
    static let schema = testSchema([("id", .bigint), ("name", .text)])

    /// `count` batches of `size` rows with ids from 1.
    static func batches(_ count: Int, size: Int) -> [TypedBatch] {
        (0..<count).map { b in
            testBatch(schema, (0..<size).map { r in
                let id = Int64(b * size + r + 1)
                return [.int(id), .text("n\(id)")]
            }, firstLine: b * size + 2)
        }
    }

    func sink(_ db: PostgresTestSchema, _ table: String, streams: Int = 3, format: CopyFormat = .binary) throws -> PostgresSink {
        let sink = try db.sink(table, format: format)
        sink.copyStreams = streams
        return sink
    }

    @Test("create through three streams stores every row once and leaves no staging table", arguments: [CopyFormat.binary, .text])
    func create(format: CopyFormat) throws {
        let db = try PostgresTestSchema()
        let sink = try sink(db, "t", format: format)
        try sink.begin(schema: Self.schema, mode: .create, key: [])
        #expect(sink.activeStreams == 3)
        #expect(sink.activeFormat == format)
        for batch in Self.batches(12, size: 500) { _ = try sink.write(batch) }
        try sink.commit()
        #expect(try db.value("SELECT count(*) || ',' || count(DISTINCT id) || ',' || min(id) || ',' || max(id) FROM t") == "6000,6000,1,6000")
        #expect(try db.value("SELECT count(*) FROM t WHERE name <> 'n' || id") == "0")
        #expect(try db.tables() == ["t"])
        #expect(try db.value("SELECT coalesce(obj_description('t'::regclass, 'pg_class'), 'none')") == "none")
    }

    @Test("replace through streams keeps the old table's grants and swaps in the new rows")
    func replace() throws {
        let db = try PostgresTestSchema()
        let reader = "\(db.schema)_preader"
        try db.psql("CREATE ROLE \(reader); CREATE TABLE t (id bigint, name text); INSERT INTO t VALUES (9, 'old'); GRANT SELECT ON t TO \(reader)")
        #expect(try load(sink(db, "t"), Self.schema, mode: .replace, Self.batches(4, size: 100)) == 400)
        #expect(try db.value("SELECT count(*) FROM t WHERE name = 'old'") == "0")
        #expect(try db.value("SELECT count(*) FROM t") == "400")
        #expect(try db.value("SELECT has_table_privilege('\(reader)', 't', 'SELECT')") == "t")
        #expect(try db.tables() == ["t"])
    }

    @Test("a failing stream leaves the target exactly as it was and drops the staging table")
    func failure() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint, name text); INSERT INTO t VALUES (9, 'old')")
        // The server refuses rows of one stream: a constraint added to the staging table.
        let sink = try sink(db, "t")
        try sink.begin(schema: Self.schema, mode: .replace, key: [])
        let staging = try db.value("SELECT tablename FROM pg_tables WHERE schemaname = '\(db.schema)' AND tablename LIKE 't\\_\\_ferry\\_%'")
        #expect(!staging.isEmpty)
        try db.psql("ALTER TABLE \"\(staging)\" ADD CONSTRAINT small CHECK (id < 100)")
        let error = try #require(ferryError {
            for batch in Self.batches(10, size: 100) { _ = try sink.write(batch) }
            try sink.commit()
        })
        sink.rollback()
        #expect(error.code == .targetConstraint)
        #expect(error.message.contains("source line"))
        #expect(try db.value("SELECT string_agg(id || name, ',') FROM t") == "9old")
        #expect(try db.tables() == ["t"])
    }

    @Test("rolling back before the commit drops the staging table")
    func rollback() throws {
        let db = try PostgresTestSchema()
        let sink = try sink(db, "t")
        try sink.begin(schema: Self.schema, mode: .create, key: [])
        for batch in Self.batches(3, size: 100) { _ = try sink.write(batch) }
        sink.rollback()
        #expect(try db.tables() == [])
    }

    @Test("a staging table whose load died is dropped by the next load; a live one is kept")
    func sweep() throws {
        let db = try PostgresTestSchema()
        let marker = PostgresSQL.literal(PostgresStaging.marker)
        try db.psql("""
            CREATE TABLE "dead__ferry_00000000" (id bigint); COMMENT ON TABLE "dead__ferry_00000000" IS \(marker);
            CREATE TABLE "live__ferry_11111111" (id bigint); COMMENT ON TABLE "live__ferry_11111111" IS \(marker);
            CREATE TABLE "other__ferry_22222222" (id bigint);
            """)
        // Another session holds the live table's lock, as its load would.
        let holder = try PGConnection(connection: Secret(db.url))
        let live = PostgresTableName(schema: db.schema, table: "live__ferry_11111111")
        try holder.execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", parameters: [live.sql], PostgresContext(.load, "test lock"))
        try load(sink(db, "t", streams: 1), Self.schema, mode: .create, Self.batches(1, size: 10))
        #expect(try db.tables() == ["live__ferry_11111111", "other__ferry_22222222", "t"])
        holder.close()
    }

    @Test("append, truncate, upsert and update use one stream inside the transaction")
    func otherModes() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint PRIMARY KEY, name text)")
        for mode in [LoadMode.append, .truncate, .upsert, .update] {
            let sink = try sink(db, "t")
            try sink.begin(schema: Self.schema, mode: mode, key: mode == .upsert || mode == .update ? ["id"] : [])
            #expect(sink.activeStreams == 1)
            _ = try sink.write(Self.batches(1, size: 5)[0])
            try sink.commit()
        }
        #expect(try db.value("SELECT count(*) FROM t") == "5")
    }
}
