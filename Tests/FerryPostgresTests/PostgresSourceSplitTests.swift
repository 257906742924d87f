import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// A table read over two COPY streams (`PostgresSplit`): both halves in one snapshot, every row
/// exactly once, batches alternating between the halves.
@Suite("PostgreSQL source in two halves")
struct PostgresSourceSplitTests {
    /// A table `t` of `rows` rows over many pages (`pad` makes each row about 200 bytes).
    func table(_ rows: Int) throws -> (url: String, schema: String) {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            "CREATE TABLE \(schema).t (id bigint NOT NULL, pad text, at timestamptz); INSERT INTO \(schema).t SELECT g, repeat('p', 180), '2024-01-01'::timestamptz + g * interval '1 second' FROM generate_series(1, \(rows)) g",
            url: url)
        return (url, schema)
    }

    func source(_ url: String, _ schema: String, splitBytes: Int = 0, batchSize: Int = 500, binary: Bool = true) throws -> PostgresSource {
        try PostgresSource(
            endpoint: PostgresEndpoint(connection: Secret(url), schema: schema, table: "t"), batchSize: batchSize, binary: binary,
            splitBytes: splitBytes)
    }

    /// The ids read to the end, and the rows' numbers.
    func ids(_ source: PostgresSource) throws -> (ids: [Int], lines: [Int]) {
        var ids: [Int] = []
        var lines: [Int] = []
        while let chunk = try source.next() {
            for r in 0..<chunk.rows.rowCount { ids.append(Int(chunk.rows.text(row: r, column: 0) ?? "") ?? -1) }
            lines += chunk.rows.rowLine
        }
        return (ids, lines)
    }

    @Test("two halves yield exactly the table's rows, numbered in the order given", arguments: [true, false])
    func exactlyOnce(binary: Bool) throws {
        let (url, schema) = try table(20_000)
        let source = try source(url, schema, binary: binary)
        defer { source.close() }
        #expect(source.readsInHalves)
        let (ids, lines) = try ids(source)
        #expect(ids.count == 20_000)
        #expect(Set(ids) == Set(1...20_000))
        #expect(lines == Array(1...20_000))
        // Batches alternate: the second batch already comes from the second half.
        #expect(ids[500] > 10_000 - 500)
    }

    @Test("both halves read one snapshot: rows written after the source opened are not read, also after restart")
    func snapshot() throws {
        let (url, schema) = try table(10_000)
        let source = try source(url, schema)
        defer { source.close() }
        _ = try PostgresTestServer.psql(
            "INSERT INTO \(schema).t SELECT g, 'late', now() FROM generate_series(10001, 12000) g; DELETE FROM \(schema).t WHERE id <= 10",
            url: url)
        let first = try ids(source)
        #expect(first.ids.count == 10_000)
        #expect(Set(first.ids) == Set(1...10_000))
        // Restart mid-stream and read again: the same rows in the same order.
        try source.restart()
        _ = try source.next()
        try source.restart()
        let again = try ids(source)
        #expect(again.ids == first.ids)
    }

    @Test("a small table, a query and a view read through one COPY")
    func oneStream() throws {
        let (url, schema) = try table(100)
        #expect(try !source(url, schema, splitBytes: PostgresSplit.minimumBytes).readsInHalves)
        _ = try PostgresTestServer.psql("CREATE VIEW \(schema).v AS SELECT * FROM \(schema).t", url: url)
        let view = try PostgresSource(
            endpoint: PostgresEndpoint(connection: Secret(url), schema: schema, table: "v"), batchSize: 10, binary: true, splitBytes: 0)
        #expect(!view.readsInHalves)
        let query = try PostgresSource(
            endpoint: PostgresEndpoint(connection: Secret(url), query: "SELECT * FROM \(schema).t"), batchSize: 10, binary: true, splitBytes: 0)
        #expect(!query.readsInHalves)
    }

    @Test("the interrupter cancels both halves")
    func cancel() throws {
        // Large enough that the server is still sending when the cancel arrives.
        let (url, schema) = try table(100_000)
        let source = try source(url, schema, batchSize: 100)
        defer { source.close() }
        _ = try #require(try source.next())
        source.interrupter.interrupt()
        let error = #expect(throws: FerryError.self) { _ = try ids(source) }
        #expect(error?.code == .cancelled)
    }
}
