import FerryCore
import FerryPostgres
import FerryTestSupport
import Foundation

/// PostgreSQL under the conformance suite: one schema per sandbox on the test server; rows are
/// read back with `psql`, independently of Ferry's PostgreSQL code.
struct PostgresConformanceTarget: ConformanceTarget {
    var description: String { "PostgreSQL" }

    func makeSandbox() throws -> any ConformanceSandbox {
        let (url, schema) = try PostgresTestServer.freshSchema()
        return Sandbox(url: url, schema: schema)
    }

    final class Sandbox: ConformanceSandbox {
        let url: String
        let schema: String

        init(url: String, schema: String) {
            self.url = url
            self.schema = schema
        }

        func endpoint(table: String) -> TargetEndpoint {
            .postgres(PostgresEndpoint(connection: Secret(url), schema: schema, table: table))
        }

        func sink(table: String, runID: RunID) throws(FerryError) -> any BatchSink {
            try PostgresSink(endpoint: PostgresEndpoint(connection: Secret(url), schema: schema, table: table), runID: runID)
        }

        func rows(table: String) throws -> [[String?]]? {
            let exists = try PostgresTestServer.psql("select to_regclass('\"\(schema)\".\"\(table)\"') is not null", url: url)
            guard exists == "t" else { return nil }
            let columns = try PostgresTestServer.psql("""
                select format('%I', attname) from pg_attribute
                where attrelid = '"\(schema)"."\(table)"'::regclass and attnum > 0 and not attisdropped order by attnum
                """, url: url).split(separator: "\n")
            let names = columns.map { "\($0)::text" }.joined(separator: ", ")
            // Each value as its text rendering (UTC, ISO dates) inside a JSON array: NULL stays
            // apart from '' and newlines are escaped.
            let lines = try PostgresTestServer.psql("""
                set timezone = 'UTC'; set datestyle = 'ISO';
                select json_build_array(\(names)) from "\(schema)"."\(table)" order by \(columns.first ?? "1")
                """, url: url)
            guard !lines.isEmpty else { return [] }
            return try lines.split(separator: "\n").map { line in
                guard case let .array(values) = try JSONParser.parse(String(line)) else { return [] }
                return values.map { value -> String? in
                    switch value {
                    case .null: return nil
                    case let .string(s): return s
                    default: return value.serialized()
                    }
                }
            }
        }

        func execute(_ sql: String) throws {
            _ = try PostgresTestServer.psql("set search_path to \"\(schema)\";\n" + sql, url: url)
        }

        func remove() {
            _ = try? PostgresTestServer.psql("drop schema \"\(schema)\" cascade", url: url)
        }
    }
}
