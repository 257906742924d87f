import FerryTestSupport
import FerryCore
@testable import FerrySQLite
import Testing

@Suite("SQLite sink load modes")
struct SQLiteSinkModeTests {
    let schema = testSchema([("id", .bigint), ("name", .text)])

    @Test("create makes the table with mapped types and NOT NULL, and loads the rows")
    func createMakesTable() throws {
        let db = SQLiteTestDatabase()
        let schema = testSchema([("id", .bigint), ("name", .text), ("amount", .decimal(precision: 12, scale: 2))], notNull: ["id"])
        let written = try load(db.sink("t"), schema, mode: .create, [
            testBatch(schema, [[.int(1), .text("a"), .text("1.50")], [.int(2), nil, nil]]),
        ])
        #expect(written == 2)
        #expect(try db.rows("SELECT id, name, amount FROM t ORDER BY id") == [["1", "a", "1.5"], ["2", nil, nil]])
        #expect(try db.rows("SELECT name, type, \"notnull\" FROM pragma_table_info('t')") == [
            ["id", "INTEGER", "1"], ["name", "TEXT", "0"], ["amount", "DECIMAL(12,2)", "0"],
        ])
    }

    @Test("create fails with target_exists when the table exists, leaving it untouched")
    func createOnExistingTableFails() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES (7, 'keep')")
        let sink = try db.sink("t")
        let error = ferryError { try sink.begin(schema: schema, mode: .create, key: []) }
        #expect(error?.code == .targetExists)
        sink.rollback()
        #expect(try db.rows("SELECT * FROM t") == [["7", "keep"]])
    }

    @Test("append adds rows to an existing table and creates a missing one")
    func append() throws {
        let db = SQLiteTestDatabase()
        try load(db.sink("t"), schema, mode: .append, [testBatch(schema, [[.int(1), .text("a")]])])
        try load(db.sink("t"), schema, mode: .append, [testBatch(schema, [[.int(2), .text("b")]])])
        #expect(try db.rows("SELECT * FROM t ORDER BY id") == [["1", "a"], ["2", "b"]])
    }

    @Test("append writes only the columns of the schema; other columns take their defaults")
    func appendSubsetOfColumns() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER, name TEXT, added TEXT DEFAULT 'dflt')")
        try load(db.sink("t"), schema, mode: .append, [testBatch(schema, [[.int(1), .text("a")]])])
        #expect(try db.rows("SELECT * FROM t") == [["1", "a", "dflt"]])
    }

    @Test("a schema column the existing table lacks fails with target_schema_mismatch before writing")
    func missingColumn() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER)")
        let sink = try db.sink("t")
        let error = ferryError { try sink.begin(schema: schema, mode: .append, key: []) }
        #expect(error?.code == .targetSchemaMismatch)
        #expect(error?.message.contains("has no column named name") == true)
        #expect(try db.rows("SELECT name FROM pragma_table_info('t')") == [["id"]])
    }

    @Test("truncate empties the table, keeps its definition and indexes, then loads")
    func truncate() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER, name TEXT); CREATE INDEX t_name ON t (name); INSERT INTO t VALUES (1, 'old'), (2, 'old')")
        let before = try db.schemaSnapshot()
        try load(db.sink("t"), schema, mode: .truncate, [testBatch(schema, [[.int(3), .text("new")]])])
        #expect(try db.rows("SELECT * FROM t") == [["3", "new"]])
        #expect(try db.schemaSnapshot() == before)
    }

    @Test("replace swaps in a new table; indexes and triggers of the old one are gone, views keep working")
    func replace() throws {
        let db = SQLiteTestDatabase()
        try db.execute("""
            CREATE TABLE t (id INTEGER, name TEXT, extra TEXT);
            CREATE INDEX t_name ON t (name);
            CREATE TABLE audit (n INTEGER);
            CREATE TRIGGER t_audit AFTER INSERT ON t BEGIN INSERT INTO audit VALUES (new.id); END;
            CREATE VIEW v AS SELECT id, name FROM t;
            CREATE TABLE other (x INTEGER);
            CREATE TRIGGER other_feeds_t AFTER INSERT ON other BEGIN INSERT INTO t (id, name) VALUES (new.x, 'via trigger'); END;
            INSERT INTO t VALUES (1, 'old', 'x');
            """)
        let sink = try db.sink("t")
        try load(sink, schema, mode: .replace, [testBatch(schema, [[.int(2), .text("new")], [.int(3), .text("newer")]])])
        #expect(try db.rows("SELECT * FROM v ORDER BY id") == [["2", "new"], ["3", "newer"]])
        #expect(try db.rows("SELECT name FROM pragma_table_info('t')") == [["id"], ["name"]])
        #expect(try db.rows("SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')") == [["trigger", "other_feeds_t"]])
        try db.execute("INSERT INTO other VALUES (9)")
        #expect(try db.rows("SELECT * FROM v WHERE id = 9") == [["9", "via trigger"]])
        #expect(try db.rows("SELECT count(*) FROM audit") == [["1"]])  // the seeding insert only: the trigger went with the old table
        #expect(try db.rows("SELECT name FROM sqlite_master WHERE name LIKE '%ferry%'") == [])
        #expect(try db.value("PRAGMA legacy_alter_table") == "0")
    }

    @Test("replace of a missing table creates it")
    func replaceMissing() throws {
        let db = SQLiteTestDatabase()
        try load(db.sink("t"), schema, mode: .replace, [testBatch(schema, [[.int(1), .text("a")]])])
        #expect(try db.rows("SELECT * FROM t") == [["1", "a"]])
    }

    @Test("upsert inserts new keys and updates existing ones; a table it creates gets the key as PRIMARY KEY")
    func upsert() throws {
        let db = SQLiteTestDatabase()
        let first = try load(db.sink("t"), schema, mode: .upsert, key: ["id"], [testBatch(schema, [[.int(1), .text("a")], [.int(2), .text("b")]])])
        #expect(first == 2)
        #expect(try db.value("SELECT sql FROM sqlite_master WHERE name = 't'") == #"CREATE TABLE "t" ("id" INTEGER NOT NULL, "name" TEXT, PRIMARY KEY ("id"))"#)
        let second = try load(db.sink("t"), schema, mode: .upsert, key: ["id"], [testBatch(schema, [[.int(2), .text("B")], [.int(3), .text("c")]])])
        #expect(second == 2)
        #expect(try db.rows("SELECT * FROM t ORDER BY id") == [["1", "a"], ["2", "B"], ["3", "c"]])
    }

    @Test("upsert through multi-row statements: duplicates within one batch end with the last value")
    func upsertLargeBatch() throws {
        let db = SQLiteTestDatabase()
        let rows: [[TestValue?]] = (0..<1000).map { [.int(Int64($0 % 100)), .text("v\($0)")] }
        let written = try load(db.sink("t"), schema, mode: .upsert, key: ["id"], [testBatch(schema, rows)])
        #expect(written == 1000)
        #expect(try db.value("SELECT count(*) FROM t") == "100")
        #expect(try db.value("SELECT name FROM t WHERE id = 42") == "v942")
    }

    @Test("upsert with a composite key matches a UNIQUE index in any column order")
    func upsertCompositeUniqueIndex() throws {
        let db = SQLiteTestDatabase()
        let schema = testSchema([("a", .bigint), ("b", .text), ("v", .double)])
        try db.execute("CREATE TABLE t (a INTEGER, b TEXT, v REAL); CREATE UNIQUE INDEX t_ba ON t (b, a); INSERT INTO t VALUES (1, 'x', 0.5)")
        try load(db.sink("t"), schema, mode: .upsert, key: ["a", "b"], [testBatch(schema, [[.int(1), .text("x"), .double(1.5)], [.int(1), .text("y"), .double(2.5)]])])
        #expect(try db.rows("SELECT * FROM t ORDER BY b") == [["1", "x", "1.5"], ["1", "y", "2.5"]])
    }

    @Test("upsert uses an INTEGER PRIMARY KEY of an existing table")
    func upsertRowidKey() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'a')")
        try load(db.sink("t"), schema, mode: .upsert, key: ["id"], [testBatch(schema, [[.int(1), .text("A")]])])
        #expect(try db.rows("SELECT * FROM t") == [["1", "A"]])
    }

    @Test("upsert into a table without a unique key on exactly the key columns fails with target_schema_mismatch")
    func upsertNeedsUniqueKey() throws {
        let db = SQLiteTestDatabase()
        try db.execute("""
            CREATE TABLE t (id INTEGER, name TEXT);
            CREATE UNIQUE INDEX t_both ON t (id, name);
            CREATE UNIQUE INDEX t_partial ON t (id) WHERE id > 0;
            INSERT INTO t VALUES (1, 'a');
            """)
        let sink = try db.sink("t")
        let error = ferryError { try sink.begin(schema: schema, mode: .upsert, key: ["id"]) }
        #expect(error?.code == .targetSchemaMismatch)
        #expect(error?.message.contains("PRIMARY KEY or UNIQUE index") == true)
        #expect(error?.message.contains("\"id\"") == true)
        sink.rollback()
        #expect(try db.rows("SELECT * FROM t") == [["1", "a"]])
    }

    @Test("upsert fails on a NULL key instead of inserting a row SQLite would accept")
    func upsertNullKey() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .upsert, key: ["id"])
        let error = ferryError { _ = try sink.write(testBatch(schema, [[.int(1), .text("a")], [nil, .text("b")]], firstLine: 10)) }
        #expect(error?.code == .targetConstraint)
        #expect(error?.message.contains("line 11") == true)
        sink.rollback()
        #expect(try db.value("SELECT count(*) FROM t") == "0")
    }

    @Test("update changes matching rows and returns how many batch rows matched")
    func update() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (2, 'b2'), (3, 'c')")
        let matched = try load(db.sink("t"), schema, mode: .update, key: ["id"], [
            testBatch(schema, [[.int(2), .text("B")], [.int(4), .text("none")], [.int(3), nil], [nil, .text("null key")]]),
        ])
        #expect(matched == 2)
        #expect(try db.rows("SELECT * FROM t ORDER BY id, rowid") == [["1", "a"], ["2", "B"], ["2", "B"], ["3", nil]])
    }

    @Test("update of a missing table fails with target_not_found and creates nothing")
    func updateMissingTable() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE other (x)")
        let sink = try db.sink("t")
        let error = ferryError { try sink.begin(schema: schema, mode: .update, key: ["id"]) }
        #expect(error?.code == .targetNotFound)
        #expect(try db.rows("SELECT name FROM sqlite_master") == [["other"]])
    }

    @Test("a NOT NULL column refuses NULL with target_constraint naming the column and source line")
    func notNull() throws {
        let db = SQLiteTestDatabase()
        let schema = testSchema([("id", .bigint), ("name", .text)], notNull: ["name"])
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .create, key: [])
        let error = ferryError { _ = try sink.write(testBatch(schema, [[.int(1), .text("a")], [.int(2), nil]], firstLine: 5)) }
        #expect(error?.code == .targetConstraint)
        #expect(error?.driver?.code == "SQLITE_CONSTRAINT_NOTNULL")
        #expect(error?.message.contains("t.name") == true)
        #expect(error?.message.contains("source line 6") == true)
        sink.rollback()
    }

    @Test("existingColumns maps declared types back and reports NOT NULL; nil for a missing table")
    func existingColumns() throws {
        let db = SQLiteTestDatabase()
        #expect(try db.sink("t").existingColumns() == nil)
        try db.execute("CREATE TABLE t (a BIGINT NOT NULL, b VARCHAR(20), c DECIMAL(10, 3), d DATETIME, e, f DOUBLE PRECISION)")
        let columns = try #require(try db.sink("t").existingColumns())
        #expect(columns == [
            Column(name: "a", type: .bigint, nullable: false, origin: .target),
            Column(name: "b", type: .text, nullable: true, origin: .target),
            Column(name: "c", type: .decimal(precision: 10, scale: 3), nullable: true, origin: .target),
            Column(name: "d", type: .timestamp, nullable: true, origin: .target),
            Column(name: "e", type: .text, nullable: true, origin: .target),
            Column(name: "f", type: .double, nullable: true, origin: .target),
        ])
    }

    @Test("a view as target fails with target_schema_mismatch")
    func viewTarget() throws {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER, name TEXT); CREATE VIEW v AS SELECT * FROM t")
        let error = ferryError { _ = try db.sink("v").existingColumns() }
        #expect(error?.code == .targetSchemaMismatch)
    }

    @Test("a sink without a table name is an invalid request")
    func missingTable() {
        let db = SQLiteTestDatabase()
        let error = ferryError { _ = try SQLiteSink(endpoint: SQLiteEndpoint(path: db.path), runID: RunID()) }
        #expect(error?.code == .invalidRequest)
        #expect(!db.exists)
    }

    @Test("write returns 0 for an empty batch and the row count otherwise")
    func writeCounts() throws {
        let db = SQLiteTestDatabase()
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .create, key: [])
        #expect(try sink.write(testBatch(schema, [])) == 0)
        let rows: [[TestValue?]] = (0..<77).map { [.int(Int64($0)), .text("n\($0)")] }
        #expect(try sink.write(testBatch(schema, rows)) == 77)
        try sink.commit()
        #expect(try db.value("SELECT count(*) FROM t") == "77")
        #expect(try db.value("SELECT group_concat(id) FROM (SELECT id FROM t ORDER BY rowid LIMIT 3 OFFSET 31)") == "31,32,33")
    }
}
