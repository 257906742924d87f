import FerryCore
import FerryTestSupport
@testable import FerrySQLite
import Testing

@Suite("SQLite column changes (on_schema_change)")
struct SQLiteSchemaChangeTests {
    private let email = Column(name: "email", type: .text, origin: .inferred)

    private func seeded() throws -> SQLiteTestDatabase {
        let db = SQLiteTestDatabase()
        try db.execute("CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES (1, 'one');")
        return db
    }

    @Test("an added column commits with the rows")
    func addCommits() throws {
        let db = try seeded()
        let sink = try db.sink("t")
        try sink.evolve([SchemaChange(kind: .addColumn, before: nil, after: email)])
        let schema = testSchema([("id", .bigint), ("email", .text)])
        try sink.begin(schema: schema, mode: .append, key: [])
        _ = try sink.write(testBatch(schema, [[.int(2), .text("b@example.com")]]))
        try sink.commit()
        #expect(try db.rows("SELECT id, name, email FROM t ORDER BY id") == [["1", "one", nil], ["2", nil, "b@example.com"]])
    }

    @Test("a rolled-back load leaves the table's columns and rows exactly as they were")
    func rollbackUndoesChanges() throws {
        let db = try seeded()
        let before = try db.schemaSnapshot()
        let sink = try db.sink("t")
        let name = Column(name: "name", type: .text, origin: .target)
        try sink.evolve([SchemaChange(kind: .addColumn, before: nil, after: email), SchemaChange(kind: .dropColumn, before: name, after: nil)])
        let schema = testSchema([("id", .bigint), ("email", .text)])
        try sink.begin(schema: schema, mode: .append, key: [])
        _ = try sink.write(testBatch(schema, [[.int(2), .text("b@example.com")]]))
        sink.rollback()
        #expect(try db.schemaSnapshot() == before)
        #expect(try db.rows("SELECT * FROM t") == [["1", "one"]])
    }

    @Test("a widening that would change the declared type is refused before anything is touched")
    func wideningRefused() throws {
        let db = try seeded()
        let sink = try db.sink("t")
        let id = Column(name: "id", type: .bigint, origin: .target)
        var wider = id
        wider.type = .anyDecimal
        #expect(throws: FerryError.self) { try sink.evolve([SchemaChange(kind: .widenColumn, before: id, after: wider)]) }
    }
}
