import FerryCore
import FerryEngine
import FerryODBC
import FerryPostgres
import FerryTestSupport
import Testing

/// `create_schema` on every target that has schemas and transactional DDL: PostgreSQL, and
/// PostgreSQL through psqlODBC (in the load's transaction). MariaDB targets take no schema.
@Suite("create_schema")
struct CreateSchemaTests {
    /// A database server where schemas can be made, looked up and dropped behind Ferry's back.
    struct Server: CustomStringConvertible, Sendable {
        var description: String
        /// The sink of a load into `schema`.`table`.
        var sink: @Sendable (_ schema: String, _ table: String, _ create: Bool, _ runID: RunID) throws(FerryError) -> any BatchSink
        var schemaExists: @Sendable (_ schema: String) throws -> Bool
        var rowCount: @Sendable (_ schema: String, _ table: String) throws -> Int
        var drop: @Sendable (_ schema: String) -> Void
    }

    static let servers: [Server] = {
        var servers: [Server] = []
        if let url = try? PostgresTestServer.url() {
            let exists: @Sendable (String) throws -> Bool = { schema in
                try PostgresTestServer.psql("select count(*) from pg_namespace where nspname = '\(schema)'", url: url) == "1"
            }
            let count: @Sendable (String, String) throws -> Int = { schema, table in
                Int(try PostgresTestServer.psql("select count(*) from \"\(schema)\".\"\(table)\"", url: url)) ?? -1
            }
            let drop: @Sendable (String) -> Void = { schema in _ = try? PostgresTestServer.psql("drop schema if exists \"\(schema)\" cascade", url: url) }
            servers.append(Server(
                description: "PostgreSQL",
                sink: { (schema, table, create, runID) throws(FerryError) in
                    try PostgresSink(endpoint: PostgresEndpoint(connection: Secret(url), schema: schema, table: table, createSchema: create), runID: runID)
                },
                schemaExists: exists, rowCount: count, drop: drop))
            if let odbc = try? ODBCTestDrivers.postgresConnection(url: url) {
                servers.append(Server(
                    description: "ODBC→PostgreSQL (psqlODBC)",
                    sink: { (schema, table, create, runID) throws(FerryError) in
                        try ODBCSink(endpoint: ODBCEndpoint(connection: Secret(odbc), schema: schema, table: table, createSchema: create), runID: runID)
                    },
                    schemaExists: exists, rowCount: count, drop: drop))
            }
        }
        return servers
    }()

    private func load(_ server: Server, schema: String, rows: [[String?]], create: Bool, events: EventRecorder = EventRecorder()) -> RunResult {
        let request = LoadRequest(
            job: Job(name: "create_schema"), source: .file(FileEndpoint(path: "memory.csv", format: .csv)),
            target: .postgres(PostgresEndpoint(schema: schema, table: "t", createSchema: create)), mode: .create,
            columns: [DeclaredColumn(name: "id", type: .bigint)], options: LoadOptions())
        let emitter = EventEmitter(sinks: [events])
        return LoadRun(request: request, emitter: emitter, cancellation: Cancellation(), ferryVersion: "test")
            .run(openSource: { MemorySource(columns: ["id"], rows: rows, chunkRows: 1) },
                 openSink: { () throws(FerryError) in try server.sink(schema, "t", create, emitter.runID) },
                 openRejects: { MemoryRejects(path: $0) })
    }

    private static func freshName() -> String {
        "s_" + String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 16)
    }

    @Test("a missing schema fails target_not_found with a hint; create_schema makes it with the load, and a failed load leaves none", arguments: servers)
    func createSchema(server: Server) throws {
        let schema = Self.freshName()
        defer { server.drop(schema) }
        let missing = load(server, schema: schema, rows: [["1"]], create: false)
        #expect(missing.status == .failed)
        #expect(missing.error?.code == .targetNotFound)
        #expect(missing.error?.message.contains("--create-schema") == true)
        #expect(try !server.schemaExists(schema))

        let failing = load(server, schema: schema, rows: [["1"], ["not a number"]], create: true)
        #expect(failing.error?.code == .rejectsExceeded)
        #expect(try !server.schemaExists(schema), "a failed load leaves no schema behind")

        let made = load(server, schema: schema, rows: [["1"], ["2"]], create: true)
        #expect(made.status == .completed, "\(String(describing: made.error))")
        #expect(try server.schemaExists(schema))
        #expect(try server.rowCount(schema, "t") == 2)

        // The schema exists now: create_schema changes nothing, and a failure keeps the schema.
        let again = load(server, schema: schema, rows: [["3"]], create: true)
        #expect(again.error?.code == .targetExists)
        #expect(try server.schemaExists(schema))
        #expect(try server.rowCount(schema, "t") == 2)
    }

    @Test("MariaDB through ODBC takes no target schema, so create_schema has nothing to create there")
    func mariaDB() throws {
        guard case let .available(base) = try MariaDBTestServer.availability() else {
            try Test.cancel("no MariaDB server here")
        }
        let server = Server(
            description: "MariaDB",
            sink: { (schema, table, create, runID) throws(FerryError) in
                try ODBCSink(endpoint: ODBCEndpoint(connection: Secret(base), schema: schema, table: table, createSchema: create), runID: runID)
            },
            schemaExists: { _ in false }, rowCount: { _, _ in 0 }, drop: { _ in })
        let result = load(server, schema: Self.freshName(), rows: [["1"]], create: true)
        #expect(result.error?.code == .invalidRequest)
        #expect(result.error?.message.contains("has no schemas") == true)
    }
}
