import FerryCore
import FerryEngine
@testable import FerryODBC
import FerryTestSupport
import Testing

/// Whole loads through the engine (`LoadRun`, as the CLI runs them) with ODBC on either side.
/// The request's endpoints only name things in events: the contract has no `odbc` kind yet.
@Suite("ODBC through the engine")
struct ODBCEngineTests {
    private func run(_ request: LoadRequest, source: @escaping () throws(FerryError) -> any RecordSource,
                     sink: @escaping () throws(FerryError) -> any BatchSink) -> RunResult {
        let emitter = EventEmitter(sinks: [EventRecorder()])
        return LoadRun(request: request, emitter: emitter, cancellation: Cancellation(), ferryVersion: "test")
            .run(openSource: source, openSink: sink, openRejects: { MemoryRejects(path: $0) })
    }

    @Test("a PostgreSQL table read through psqlODBC loads into SQLite through the SQLite ODBC driver, types and values intact")
    func postgresToSQLite() throws {
        let pg = try ODBCPostgresDatabase()
        try pg.psql("""
            CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL, active boolean, day date,
                                 at timestamptz, u uuid, note text);
            INSERT INTO orders VALUES (1, 12.30, true, '2024-02-29', '2024-02-29 21:59:59.123456+00', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'Zoë, "q"'),
                                      (2, -0.50, false, NULL, NULL, NULL, NULL);
            """)
        let sqlite = try ODBCSQLiteDatabase()
        let request = LoadRequest(
            job: Job(name: "pg-to-sqlite"), source: .postgres(PostgresEndpoint(schema: pg.schema, table: "orders")),
            target: .sqlite(SQLiteEndpoint(path: sqlite.path, table: "orders")), mode: .create)
        let result = run(request, source: { () throws(FerryError) in try ODBCSource(endpoint: pg.endpoint("orders"), batchSize: 1) },
                         sink: { () throws(FerryError) in try ODBCSink(endpoint: sqlite.endpoint("orders"), runID: RunID()) })
        #expect(result.status == .completed, "\(String(describing: result.error))")
        #expect(result.rowsWritten == 2)
        #expect(try sqlite.sqlite3("SELECT group_concat(name || ' ' || type, ', ') FROM pragma_table_info('orders')")
            == "id INTEGER, amount DECIMAL(12,2), active BOOLEAN, day DATE, at TIMESTAMPTZ, u UUID, note TEXT")
        let back = try ODBCSource(endpoint: sqlite.endpoint("orders"), batchSize: 10)
        defer { back.close() }
        #expect(try readAll(back) == [
            ["1", "12.3", "true", "2024-02-29", "2024-02-29 21:59:59.123456Z", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "Zoë, \"q\""],
            ["2", "-0.5", "false", nil, nil, nil, nil],
        ])
        #expect(try sqlite.sqlite3("SELECT rows_written, status FROM ferry_loads") == "2|completed")
    }

    @Test("a query read through the SQLite ODBC driver exports as canonical text, as a CSV target writes it")
    func sqliteToText() throws {
        let sqlite = try ODBCSQLiteDatabase()
        try sqlite.sqlite3("""
            CREATE TABLE t (id INTEGER, flag BOOLEAN, day DATE, amount REAL);
            INSERT INTO t VALUES (1, 1, '2024-01-02', 2.5), (2, 0, NULL, -0.125);
            """)
        let sink = MemorySink()
        let request = LoadRequest(
            job: Job(name: "export"), source: .sqlite(SQLiteEndpoint(path: sqlite.path, query: "select …")),
            target: .file(FileEndpoint(path: "out.csv", format: .csv)), mode: .replace)
        let result = run(request, source: { () throws(FerryError) in
            try ODBCSource(endpoint: sqlite.endpoint(query: "SELECT id, flag, day, amount * 2 AS twice FROM t ORDER BY id"), batchSize: 1)
        }, sink: { sink })
        #expect(result.status == .completed, "\(String(describing: result.error))")
        #expect(sink.committed == [["1", "true", "2024-01-02", "5"], ["2", "false", nil, "-0.25"]])
    }
}
