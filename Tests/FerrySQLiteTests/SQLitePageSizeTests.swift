import FerryCore
@testable import FerrySQLite
import FerryTestSupport
import Testing

/// A database file the sink creates gets 64 KiB pages; an existing one keeps its own.
@Suite("SQLite page size of new databases")
struct SQLitePageSizeTests {
    let schema = testSchema([("id", .bigint), ("name", .text)])

    func load(_ db: SQLiteTestDatabase) throws {
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .append, key: [])
        _ = try sink.write(testBatch(schema, (1...2000).map { [.int(Int64($0)), .text("row \($0)")] }))
        try sink.commit()
        #expect(try db.value("SELECT count(*) FROM t") == "2000")
    }

    @Test("a new database file is written with 64 KiB pages")
    func newFile() throws {
        let db = SQLiteTestDatabase()
        try load(db)
        #expect(try db.value("PRAGMA page_size") == String(SQLiteTarget.newDatabasePageSize))
        #expect(try db.value("PRAGMA integrity_check") == "ok")
    }

    @Test("an existing database keeps its page size")
    func existingFile() throws {
        let db = SQLiteTestDatabase()
        try db.execute("PRAGMA page_size = 1024; CREATE TABLE other (x INTEGER)")
        try load(db)
        #expect(try db.value("PRAGMA page_size") == "1024")
    }
}
