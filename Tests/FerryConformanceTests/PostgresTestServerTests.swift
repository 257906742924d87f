import FerryTestSupport
import Testing

@Suite("PostgreSQL test server")
struct PostgresTestServerTests {
    @Test("the server is PostgreSQL 15 on 127.0.0.1 only, and ferry is a superuser there")
    func serverIdentity() throws {
        let url = try PostgresTestServer.url()
        let row = try PostgresTestServer.psql(
            """
            SELECT current_user, current_database(), rolsuper, current_setting('server_version_num')::int / 10000,
                   current_setting('listen_addresses'), current_setting('fsync'), inet_server_addr()
            FROM pg_roles WHERE rolname = current_user
            """, url: url)
        #expect(row == "ferry|ferry|t|15|127.0.0.1|off|127.0.0.1")
        #expect(url.hasPrefix("postgresql://ferry:"))
        #expect(url.hasSuffix("/ferry"))
    }

    @Test("freshSchema makes a new empty schema each time")
    func freshSchemas() throws {
        let first = try PostgresTestServer.freshSchema()
        let second = try PostgresTestServer.freshSchema()
        #expect(first.schema != second.schema)
        #expect(first.url == second.url)
        let found = try PostgresTestServer.psql(
            """
            SELECT schema_name FROM information_schema.schemata
            WHERE schema_name IN ('\(first.schema)', '\(second.schema)') ORDER BY 1
            """, url: first.url)
        #expect(found == [first.schema, second.schema].sorted().joined(separator: "\n"))
        let tables = try PostgresTestServer.psql(
            "SELECT count(*) FROM pg_tables WHERE schemaname = '\(first.schema)'", url: first.url)
        #expect(tables == "0")
    }

    @Test("psql returns unaligned rows with NULL as empty, and runs several statements")
    func psqlRows() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        let rows = try PostgresTestServer.psql(
            """
            CREATE TABLE \(schema).t (id int, name text);
            INSERT INTO \(schema).t VALUES (1, 'a b'), (2, NULL), (3, '');
            SELECT id, name FROM \(schema).t ORDER BY id;
            """, url: url)
        #expect(rows == "1|a b\n2|\n3|")
        #expect(try PostgresTestServer.psql("SELECT 1 WHERE false", url: url) == "")
    }

    @Test("psql stops at the first error and throws psql's message")
    func psqlStopsOnError() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        let error = #expect(throws: PostgresTestServerError.self) {
            try PostgresTestServer.psql(
                """
                CREATE TABLE \(schema).before_error (x int);
                SELECT 1 / 0;
                CREATE TABLE \(schema).after_error (x int);
                """, url: url)
        }
        #expect(error?.message.contains("division by zero") == true)
        #expect(error?.message.contains("ferry-test-pw") == false)
        let tables = try PostgresTestServer.psql(
            "SELECT tablename FROM pg_tables WHERE schemaname = '\(schema)' ORDER BY 1", url: url)
        #expect(tables == "before_error")
    }

    @Test("FERRY_TEST_PG_URL wins; without it CI=true is an error and elsewhere the tests start a server")
    func environment() throws {
        let given = "postgresql://u:p@127.0.0.1:1/d"
        #expect(try PostgresTestServer.configuredURL(in: ["FERRY_TEST_PG_URL": given, "CI": "true"]) == given)
        #expect(try PostgresTestServer.configuredURL(in: ["FERRY_TEST_PG_URL": given]) == given)
        #expect(throws: PostgresTestServerError.self) {
            try PostgresTestServer.configuredURL(in: ["CI": "true"])
        }
        #expect(throws: PostgresTestServerError.self) {
            try PostgresTestServer.configuredURL(in: ["CI": "true", "FERRY_TEST_PG_URL": ""])
        }
        #expect(try PostgresTestServer.configuredURL(in: [:]) == nil)
        #expect(try PostgresTestServer.configuredURL(in: ["CI": "false"]) == nil)
    }
}
