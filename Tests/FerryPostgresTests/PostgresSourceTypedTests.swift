import FerryCore
@testable import FerryEngine
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// `PostgresSource.nextTyped()` (binary COPY straight into typed vectors) gives the engine the
/// same rows, and the same rejects, as typing the text COPY's fields: for every type with a binary
/// decoding, edge values included (Docs/decisions/0008-typed-source-chunks.md).
@Suite("PostgreSQL source typed chunks")
struct PostgresSourceTypedTests {
    /// One row as the engine ends up with it: each value as text naming its storage, or the
    /// reason the row was rejected.
    typealias Row = [String]

    static func schema(_ source: PostgresSource) -> Schema {
        Schema(columns: source.columns.map { Column(name: $0.name, type: $0.type ?? .text, nullable: $0.nullable, origin: .source) })
    }

    static func value(_ v: ColumnVector, _ row: Int) -> String {
        if v.isNull[row] { return "NULL" }
        switch v.type.storage {
        case .int64: return "i\(v.ints[row])"
        case .float64: return "d\(v.doubles[row].bitPattern)"
        case .bytes: return "b" + (v.text(at: row) ?? "")
        }
    }

    /// The rows of `typed` and rejected rows by line.
    static func rows(_ typed: TypedBatch, rejects: [RejectedRecord], into out: inout [Int: Row]) {
        for r in 0 ..< typed.rowCount {
            out[typed.lines[r]] = typed.columns.map { value($0, r) }
        }
        for reject in rejects { out[reject.line] = ["rejected: \(reject.reason)"] }
    }

    /// What the engine makes of every chunk, as `ReaderStage` does: a typed chunk through the
    /// typed passage (or, when it declines, its rendered texts through the Typist), a text chunk
    /// through the Typist. Also counts the typed and text chunks.
    static func engineRows(_ source: PostgresSource, typedCalls: Bool) throws -> (rows: [Int: Row], typed: Int, text: Int) {
        let schema = schema(source)
        let fieldIndex = Array(schema.columns.indices)
        let typist = Typist(schema: schema, fieldIndex: fieldIndex, limits: .none)
        let passage = try #require(TypedPassage(schema: schema, fieldIndex: fieldIndex, sourceColumns: source.columns, limits: .none))
        var out: [Int: Row] = [:]
        var typedChunks = 0, textChunks = 0
        while let chunk = try typedCalls ? source.nextTyped() : source.next() {
            var rows = chunk.rows
            if let typed = chunk.typed {
                typedChunks += 1
                if let batch = passage.batch(from: typed) {
                    Self.rows(batch, rejects: [], into: &out)
                    continue
                }
                rows = RawBatch(rendering: typed)
            } else {
                textChunks += 1
            }
            var batch = TypedBatch(schema: schema)
            var rejects: [RejectedRecord] = []
            typist.type(rows, into: &batch, rejects: &rejects)
            Self.rows(batch, rejects: rejects, into: &out)
        }
        return (out, typedChunks, textChunks)
    }

    func source(_ url: String, query: String, binary: Bool, batchSize: Int = 7) throws -> PostgresSource {
        try PostgresSource(endpoint: PostgresEndpoint(connection: Secret(url), query: query), batchSize: batchSize, binary: binary)
    }

    @Test("typed chunks give the rows and rejects typing the text COPY gives, for every type and edge value")
    func sameAsTyping() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        let count = try PostgresSourceBinaryTests.createEdgeTable(url, schema)
        // Each column alone as well: one value out of range must not hide another column's values.
        var queries = ["SELECT * FROM \(schema).t ORDER BY n"]
        queries += PostgresSourceBinaryTests.columns.indices.map { "SELECT n, c\($0) FROM \(schema).t ORDER BY n" }
        for query in queries {
            let typed = try Self.engineRows(source(url, query: query, binary: true), typedCalls: true)
            let text = try Self.engineRows(source(url, query: query, binary: false), typedCalls: true)
            #expect(text.typed == 0)
            #expect(typed.typed > 0, "\(query)")
            #expect(typed.rows.count == count + 1)
            #expect(typed.rows == text.rows, "\(query)")
        }
    }

    @Test("a date or timestamp the Typist does not read sends its rows down the text path, in order, and the rest stays typed")
    func outOfRangeRows() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            """
            CREATE TABLE \(schema).t (n int, d date, s text);
            INSERT INTO \(schema).t SELECT g, CASE WHEN g IN (4, 12) THEN 'infinity'::date WHEN g = 13 THEN '0044-03-15 BC'
              ELSE '1969-12-31'::date + g END, 'row ' || g FROM generate_series(1, 30) g;
            """, url: url)
        let query = "SELECT * FROM \(schema).t ORDER BY n"
        let source = try source(url, query: query, binary: true, batchSize: 10)
        var kinds: [String] = []
        var lines: [Int] = []
        while let chunk = try source.nextTyped() {
            if let typed = chunk.typed {
                kinds.append("typed \(typed.rowCount)")
                lines += typed.lines
            } else {
                kinds.append("text \(chunk.rows.rowCount)")
                lines += chunk.rows.rowLine
            }
        }
        // Rows 1-3 typed; 4 starts a text chunk of up to ten rows (4-13); 14 on typed again.
        #expect(kinds == ["typed 3", "text 10", "typed 10", "typed 7"])
        #expect(lines == Array(1...30))
        let typed = try Self.engineRows(self.source(url, query: query, binary: true), typedCalls: true)
        let text = try Self.engineRows(self.source(url, query: query, binary: false), typedCalls: false)
        #expect(typed.rows == text.rows)
        #expect(typed.rows[4] == text.rows[4])
        #expect(typed.rows[4]?.first?.hasPrefix("rejected") == true)
    }

    @Test("text calls read text, typed calls typed; restart lets the next call choose again")
    func kindFixedUntilRestart() throws {
        let (url, _) = try PostgresTestServer.freshSchema()
        let source = try source(url, query: "SELECT g AS n, g::text AS s FROM generate_series(1, 20) g", binary: true, batchSize: 5)
        let first = try #require(try source.next())
        #expect(first.typed == nil)
        #expect(try source.nextTyped()?.typed == nil)
        try source.restart()
        let typed = try #require(try source.nextTyped()?.typed)
        #expect(typed.lines == [1, 2, 3, 4, 5])
        #expect(typed.columns[0].ints == [1, 2, 3, 4, 5])
        #expect(try source.next()?.typed?.lines == [6, 7, 8, 9, 10])
    }

    @Test("a table read in two halves gives typed chunks numbered in the order given, every row once")
    func halves() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            "CREATE TABLE \(schema).t (id bigint NOT NULL, pad text, at timestamptz); INSERT INTO \(schema).t SELECT g, repeat('p', 180), '2024-01-01'::timestamptz + g * interval '1 second' FROM generate_series(1, 20000) g",
            url: url)
        let source = try PostgresSource(
            endpoint: PostgresEndpoint(connection: Secret(url), schema: schema, table: "t"), batchSize: 500, binary: true, splitBytes: 0)
        defer { source.close() }
        #expect(source.readsInHalves)
        var ids: [Int64] = []
        var lines: [Int] = []
        var at: [Int64] = []
        while let chunk = try source.nextTyped() {
            let typed = try #require(chunk.typed)
            ids += typed.columns[0].ints
            at += typed.columns[2].ints
            lines += typed.lines
        }
        #expect(ids.count == 20_000)
        #expect(Set(ids) == Set(1...20_000))
        #expect(lines == Array(1...20_000))
        // 2024-01-01T00:00:00Z is 1_704_067_200 seconds after 1970.
        for (id, micros) in zip(ids, at) where micros != (1_704_067_200 + id) * 1_000_000 {
            Issue.record("row \(id): \(micros)")
            break
        }
    }

    @Test("chunks of thousands of rows, past the decoder's first room for values and bytes, hold what typing the text COPY gives")
    func largeChunks() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        // 3000 rows in one chunk: more than the 1024 rows and 4096 bytes a column first has room for.
        _ = try PostgresTestServer.psql(
            """
            CREATE TABLE \(schema).t (n int, s text, x numeric(12,2), u uuid, j jsonb, b bool, f float8);
            INSERT INTO \(schema).t SELECT g, CASE WHEN g % 7 = 0 THEN NULL WHEN g % 11 = 0 THEN '' ELSE repeat('é', g % 40) || g END,
              CASE WHEN g % 5 = 0 THEN NULL ELSE g * 1.25 - 1000 END, md5(g::text)::uuid,
              CASE WHEN g % 3 = 0 THEN NULL ELSE jsonb_build_object('g', g) END, g % 2 = 0, g / 3.0
              FROM generate_series(1, 3000) g;
            """, url: url)
        let query = "SELECT * FROM \(schema).t ORDER BY n"
        let typed = try Self.engineRows(source(url, query: query, binary: true, batchSize: 5000), typedCalls: true)
        let text = try Self.engineRows(source(url, query: query, binary: false, batchSize: 5000), typedCalls: false)
        #expect(typed.typed == 1)
        #expect(typed.rows.count == 3000)
        #expect(typed.rows == text.rows)
    }

    @Test("a row taken back for its timestamp leaves none of its text in the typed chunk before it")
    func rowTakenBack() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            """
            CREATE TABLE \(schema).t (n int, s text, j jsonb, at timestamp);
            INSERT INTO \(schema).t SELECT g, 'text of row ' || g, jsonb_build_object('g', g),
              CASE WHEN g = 5 THEN 'infinity'::timestamp ELSE '2024-01-01'::timestamp + g * interval '1 hour' END
              FROM generate_series(1, 12) g;
            """, url: url)
        let query = "SELECT * FROM \(schema).t ORDER BY n"
        let source = try source(url, query: query, binary: true, batchSize: 10)
        var kinds: [String] = []
        while let chunk = try source.nextTyped() {
            guard let typed = chunk.typed else {
                kinds.append("text \(chunk.rows.rowCount)")
                continue
            }
            kinds.append("typed \(typed.rowCount)")
            for c in [1, 2] {
                #expect(typed.columns[c].bytes.count == Int(typed.columns[c].ends.last ?? 0))
            }
            if typed.lines.first == 1 {
                #expect(typed.columns[1].text(at: 3) == "text of row 4")
            }
        }
        #expect(kinds == ["typed 4", "text 8"])
        let typed = try Self.engineRows(self.source(url, query: query, binary: true), typedCalls: true)
        let text = try Self.engineRows(self.source(url, query: query, binary: false), typedCalls: false)
        #expect(typed.rows == text.rows)
    }

    @Test("the decoder's day and epoch literals are CivilDate's")
    func literals() {
        #expect(PostgresBinaryRows.firstTypedDay == Int64(CivilDate.days(year: 1, month: 1, day: 1)))
        #expect(PostgresBinaryRows.lastTypedDay == Int64(CivilDate.days(year: 9999, month: 12, day: 31)))
        #expect(PostgresBinaryRows.epochMicros == Int64(CivilDate.days(year: 2000, month: 1, day: 1)) * 86_400_000_000)
    }
}
