import FerryCore
@testable import FerrySQLite
import FerryTestSupport
import Testing

/// A database file the sink creates gets 64 KiB pages, and its page cache stays at 32 MiB
/// whatever the page size; an existing file keeps its own page size.
@Suite("SQLite page size and page cache of new databases")
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

    /// Writes about 48 MiB into one transaction (more than the cache holds) and reads how much
    /// heap the cache then uses: with the cache sized before the page size, SQLite kept the page
    /// count of 32 MiB of 4 KiB pages and cached every 64 KiB page written (issue 21).
    @Test("the page cache of a new database stays within 32 MiB with 64 KiB pages")
    func cacheBounded() throws {
        let db = SQLiteTestDatabase()
        let sink = try db.sink("t")
        try sink.begin(schema: schema, mode: .append, key: [])
        let filler = String(repeating: "x", count: 2000)
        for part in 0..<12 {
            _ = try sink.write(testBatch(schema, (1...2000).map { [.int(Int64(part * 2000 + $0)), .text(filler)] }))
        }
        let cached = sink.target.connection.pageCacheBytes
        try sink.commit()
        #expect(try db.value("SELECT count(*) FROM t") == "24000")
        #expect(cached > 16 << 20, "the load fills the cache: \(cached) bytes")
        #expect(cached <= 34 << 20, "the page cache holds \(cached) bytes, more than the 32 MiB asked for")
    }

    /// The trap the sink avoids, shown on a bare connection with the same 48 MB: a KiB cache size
    /// set before a larger page size keeps its 4 KiB page count, so the cache grows past 32 MiB.
    /// (So `cacheBounded` can tell the two orders apart.)
    @Test("SQLite keeps a KiB cache size's page count when the page size changes after it")
    func cacheSizeBeforePageSize() throws {
        let db = SQLiteTestDatabase()
        let connection = try SQLiteConnection(path: db.path, role: .target, mode: .readWriteCreatingFile)
        try connection.execute("PRAGMA cache_size = \(SQLiteTarget.pageCacheSize); PRAGMA page_size = \(SQLiteTarget.newDatabasePageSize)", stage: .load, "test setup")
        try connection.execute("CREATE TABLE t (id INTEGER, name TEXT); BEGIN", stage: .load, "test setup")
        try connection.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24000) "
            + "INSERT INTO t SELECT i, printf('%.2000c', 'x') FROM n", stage: .load, "test load")
        let cached = connection.pageCacheBytes
        try connection.execute("COMMIT", stage: .load, "test commit")
        #expect(cached > 40 << 20, "the cache holds \(cached) bytes")
    }
}
