import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// Each load mode against a real server.
@Suite("PostgreSQL sink modes")
struct PostgresSinkModeTests {
    static let schema = testSchema([("id", .bigint), ("name", .text)])

    static func rows(_ pairs: [(Int64, String?)], firstLine: Int = 2) -> TypedBatch {
        testBatch(schema, pairs.map { [.int($0.0), $0.1.map { .text($0) }] }, firstLine: firstLine)
    }

    @Test("create makes the table, loads it, and refuses an existing one")
    func create() throws {
        let db = try PostgresTestSchema()
        #expect(try load(db.sink("t"), Self.schema, mode: .create, [Self.rows([(1, "a"), (2, nil)])]) == 2)
        #expect(try db.values("name", from: "t", orderBy: "id") == ["a", nil])
        let error = try #require(ferryError { try load(db.sink("t"), Self.schema, mode: .create, [Self.rows([(3, "c")])]) })
        #expect(error.code == .targetExists)
        #expect(try db.values("id", from: "t", orderBy: "id") == ["1", "2"])
        #expect(try db.tables() == ["t"])
    }

    @Test("create with empty input makes an empty table")
    func createEmpty() throws {
        let db = try PostgresTestSchema()
        #expect(try load(db.sink("empty"), Self.schema, mode: .create, []) == 0)
        #expect(try db.value("SELECT count(*) FROM empty") == "0")
    }

    @Test("append creates a missing table and adds to an existing one")
    func append() throws {
        let db = try PostgresTestSchema()
        try load(db.sink("t"), Self.schema, mode: .append, [Self.rows([(1, "a")])])
        try load(db.sink("t"), Self.schema, mode: .append, [Self.rows([(2, "b")]), Self.rows([(3, "c")])])
        #expect(try db.values("name", from: "t", orderBy: "id") == ["a", "b", "c"])
    }

    @Test("append matches columns by name and leaves others to their defaults")
    func appendByName() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (name text, extra text DEFAULT 'dflt', id bigint)")
        try load(db.sink("t"), Self.schema, mode: .append, [Self.rows([(1, "a")])])
        #expect(try db.value("SELECT id || ',' || name || ',' || extra FROM t") == "1,a,dflt")
    }

    @Test("a load column the table lacks is a schema mismatch")
    func missingColumn() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint)")
        let error = try #require(ferryError { try load(db.sink("t"), Self.schema, mode: .append, [Self.rows([(1, "a")])]) })
        #expect(error.code == .targetSchemaMismatch)
        #expect(error.message.contains("\"name\""))
    }

    @Test("truncate empties the table and loads it")
    func truncate() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint, name text); INSERT INTO t VALUES (9, 'old')")
        try load(db.sink("t"), Self.schema, mode: .truncate, [Self.rows([(1, "new")])])
        #expect(try db.values("name", from: "t") == ["new"])
    }

    @Test("replace swaps in a new table and keeps grants and owner, not indexes")
    func replace() throws {
        let db = try PostgresTestSchema()
        let reader = "\(db.schema)_reader", writer = "\(db.schema)_writer", owner = "\(db.schema)_owner"
        try db.psql("""
            CREATE ROLE \(reader); CREATE ROLE \(writer); CREATE ROLE \(owner);
            GRANT CREATE, USAGE ON SCHEMA \(db.quoted) TO \(owner);
            CREATE TABLE t (id bigint, name text, legacy int);
            CREATE INDEX t_name ON t (name);
            INSERT INTO t VALUES (9, 'old', 1);
            ALTER TABLE t OWNER TO \(owner);
            GRANT SELECT ON t TO \(reader);
            GRANT INSERT, UPDATE ON t TO \(writer) WITH GRANT OPTION;
            GRANT SELECT (name) ON t TO \(writer);
            GRANT SELECT (legacy) ON t TO \(writer);
            GRANT SELECT ON t TO PUBLIC;
            REVOKE TRUNCATE ON t FROM \(owner);
            """)
        let before = try db.psql("SELECT 't'::regclass::oid")
        try load(db.sink("t"), Self.schema, mode: .replace, [Self.rows([(1, "a"), (2, "b")])])
        #expect(try db.values("name", from: "t", orderBy: "id") == ["a", "b"])
        #expect(try db.psql("SELECT 't'::regclass::oid") != before)
        #expect(try db.tables() == ["t"])
        #expect(try db.value("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 't'::regclass") == owner)
        #expect(try db.value("SELECT count(*) FROM pg_indexes WHERE schemaname = '\(db.schema)'") == "0")
        let grants = try db.psql("""
            SELECT string_agg(coalesce(grantee, 'PUBLIC') || ':' || privilege_type || ':' || is_grantable, ' ' ORDER BY 1)
            FROM (SELECT CASE WHEN x.grantee = 0 THEN NULL ELSE pg_get_userbyid(x.grantee)::text END AS grantee, x.privilege_type,
                         x.is_grantable::text AS is_grantable
                  FROM pg_class c, aclexplode(c.relacl) x WHERE c.oid = 't'::regclass) g
            """)
        let expected = [
            "PUBLIC:SELECT:false", "\(owner):DELETE:false", "\(owner):INSERT:false", "\(owner):REFERENCES:false",
            "\(owner):SELECT:false", "\(owner):TRIGGER:false", "\(owner):UPDATE:false", "\(reader):SELECT:false",
            "\(writer):INSERT:true", "\(writer):UPDATE:true",
        ]
        #expect(grants.split(separator: " ").map(String.init).sorted() == expected.sorted())
        #expect(try db.value("SELECT has_column_privilege('\(writer)', 't', 'name', 'SELECT')") == "t")
        #expect(try db.value("SELECT has_table_privilege('\(owner)', 't', 'TRUNCATE')") == "f")
    }

    @Test("replace keeps a table that views read when its columns are the load's: the rows change in place, the views see them")
    func replaceKeepsViews() throws {
        let db = try PostgresTestSchema()
        try db.psql("""
            CREATE TABLE t (id bigint, name text); INSERT INTO t VALUES (9, 'old');
            CREATE VIEW v AS SELECT name FROM t; CREATE MATERIALIZED VIEW m AS SELECT id FROM t;
            """)
        let oid = try db.value("SELECT 't'::regclass::oid")
        #expect(try load(db.sink("t"), Self.schema, mode: .replace, [Self.rows([(1, "a"), (2, "b")])]) == 2)
        #expect(try db.values("name", from: "v", orderBy: "name") == ["a", "b"])
        #expect(try db.value("SELECT 't'::regclass::oid") == oid)
        // Twice, as `ferry dbt` reloads a seed under a view model on every run.
        #expect(try load(db.sink("t"), Self.schema, mode: .replace, [Self.rows([(3, "c")])]) == 1)
        #expect(try db.values("name", from: "v") == ["c"])
    }

    @Test("replace refuses a table that a view or a foreign key uses when its columns change, before loading anything")
    func replaceRefusesDependents() throws {
        let db = try PostgresTestSchema()
        try db.psql("""
            CREATE TABLE t (id bigint PRIMARY KEY, name text, extra text); INSERT INTO t VALUES (9, 'old', 'x');
            CREATE VIEW v AS SELECT name FROM t;
            """)
        let sink = try db.sink("t")
        let error = try #require(ferryError { try sink.begin(schema: Self.schema, mode: .replace, key: []) })
        #expect(error.code == .targetSchemaMismatch)
        #expect(error.message.contains("view"), "\(error.message)")
        #expect(error.message.contains("use mode truncate"))
        #expect(try db.tables() == ["t"])
        #expect(try db.values("name", from: "t") == ["old"])

        try db.psql("DROP VIEW v; ALTER TABLE t DROP COLUMN extra; CREATE TABLE child (tid bigint REFERENCES t (id))")
        let fk = try #require(ferryError { try load(db.sink("t"), Self.schema, mode: .replace, [Self.rows([(1, "a")])]) })
        #expect(fk.code == .targetSchemaMismatch)
        #expect(fk.message.contains("child"), "\(fk.message)")
        #expect(try db.values("name", from: "t") == ["old"])
        #expect(try db.tables() == ["child", "t"])
    }

    @Test("replace refuses a table with row-level security")
    func replaceRefusesRowSecurity() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint, name text); ALTER TABLE t ENABLE ROW LEVEL SECURITY")
        let error = try #require(ferryError { try load(db.sink("t"), Self.schema, mode: .replace, [Self.rows([(1, "a")])]) })
        #expect(error.code == .targetSchemaMismatch)
        #expect(error.message.contains("row-level security"))
    }

    @Test("replace of a missing table creates it")
    func replaceMissing() throws {
        let db = try PostgresTestSchema()
        try load(db.sink("t"), Self.schema, mode: .replace, [Self.rows([(1, "a")])])
        #expect(try db.values("name", from: "t") == ["a"])
    }

    @Test("upsert inserts new keys, updates existing ones, and the last row of a key wins")
    func upsert() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint PRIMARY KEY, name text, kept text DEFAULT 'k'); INSERT INTO t VALUES (1, 'one', 'x'), (2, 'two', 'y')")
        let sink = try db.sink("t")
        let written = try load(sink, Self.schema, mode: .upsert, key: ["id"], [
            Self.rows([(2, "first"), (3, "three")]), Self.rows([(2, "second"), (4, "four"), (3, "three again")], firstLine: 4),
        ])
        // Five rows staged and applied (three distinct keys): an upsert counts input rows, as on
        // every target, so finish() reports no merged count of its own.
        #expect(written == 5)
        #expect(sink.rowsMerged == nil)
        #expect(try db.values("id || ':' || name || ':' || kept", from: "t", orderBy: "id")
            == ["1:one:x", "2:second:y", "3:three again:k", "4:four:k"])
        #expect(try db.tables() == ["t"])
    }

    @Test("upsert into a new table creates it with the key as primary key")
    func upsertCreates() throws {
        let db = try PostgresTestSchema()
        try load(db.sink("t"), Self.schema, mode: .upsert, key: ["id"], [Self.rows([(1, "a"), (1, "b")])])
        #expect(try db.values("name", from: "t") == ["b"])
        #expect(try db.value("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 't'::regclass AND contype = 'p'") == "PRIMARY KEY (id)")
    }

    @Test("upsert needs a unique index on exactly the key")
    func upsertNeedsUniqueKey() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint, name text); CREATE UNIQUE INDEX t_both ON t (id, name); CREATE UNIQUE INDEX t_partial ON t (id) WHERE id > 0")
        let error = try #require(ferryError { try load(db.sink("t"), Self.schema, mode: .upsert, key: ["id"], [Self.rows([(1, "a")])]) })
        #expect(error.code == .targetSchemaMismatch)
        #expect(error.message.contains("UNIQUE"))
        try db.psql("CREATE UNIQUE INDEX t_id ON t (id)")
        try load(db.sink("t"), Self.schema, mode: .upsert, key: ["id"], [Self.rows([(1, "a")])])
        #expect(try db.values("name", from: "t") == ["a"])
    }

    @Test("upsert with every column in the key inserts only new rows")
    func upsertAllKey() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint, name text, PRIMARY KEY (id, name)); INSERT INTO t VALUES (1, 'a')")
        try load(db.sink("t"), Self.schema, mode: .upsert, key: ["id", "name"], [Self.rows([(1, "a"), (1, "b")])])
        #expect(try db.values("name", from: "t", orderBy: "name") == ["a", "b"])
    }

    @Test("update changes existing keys only and counts the matched input rows")
    func update() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE t (id bigint PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'one'), (2, 'two')")
        let sink = try db.sink("t")
        try sink.begin(schema: Self.schema, mode: .update, key: ["id"])
        _ = try sink.write(Self.rows([(2, "first"), (3, "nobody"), (2, "second"), (1, "uno")]))
        try sink.record(testLedgerEntry(RunID(), table: "t", mode: .update, rows: 4))
        #expect(sink.rowsMerged == 3)
        try sink.commit()
        #expect(sink.rowsMerged == 3)
        #expect(try db.values("name", from: "t", orderBy: "id") == ["uno", "second"])
        #expect(try db.value("SELECT rows_written FROM ferry_loads") == "3")
    }

    @Test("update of a missing table is target_not_found")
    func updateMissing() throws {
        let db = try PostgresTestSchema()
        let error = try #require(ferryError { try load(db.sink("t"), Self.schema, mode: .update, key: ["id"], [Self.rows([(1, "a")])]) })
        #expect(error.code == .targetNotFound)
        #expect(try db.tables().isEmpty)
    }

    @Test("a schema that does not exist is target_not_found")
    func missingSchema() throws {
        let db = try PostgresTestSchema()
        let sink = try PostgresSink(endpoint: PostgresEndpoint(connection: Secret(db.url), schema: db.schema + "_missing", table: "t"), runID: RunID())
        #expect(try sink.existingColumns() == nil)
        let error = try #require(ferryError { try load(sink, Self.schema, mode: .create, [Self.rows([(1, "a")])]) })
        #expect(error.code == .targetNotFound)
        #expect(error.message.contains(db.schema + "_missing"))
    }

    @Test("a view is not a target")
    func viewTarget() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE VIEW v AS SELECT 1::bigint AS id, 'x'::text AS name")
        let error = try #require(ferryError { _ = try db.sink("v").existingColumns() })
        #expect(error.code == .targetSchemaMismatch)
        #expect(error.message.contains("view"))
    }
}

