import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// Names with quotes, spaces, upper case and Unicode, schema-qualified or not.
@Suite("PostgreSQL identifiers")
struct PostgresIdentifierTests {
    static let schema = testSchema([("first name", .text), ("Amount \"€\"", .decimal(precision: 10, scale: 2)), ("ID", .bigint)])

    /// The quoted name of the amount column.
    static let amount = PostgresSQL.quoted("Amount \"€\"")

    static func batch(_ rows: [(String, String, Int64)]) -> TypedBatch {
        testBatch(schema, rows.map { [.text($0.0), .text($0.1), .int($0.2)] })
    }

    @Test("every mode works on a quoted table in a quoted schema", arguments: LoadMode.allCases)
    func quotedNames(mode: LoadMode) throws {
        let db = try PostgresTestSchema()
        let odd = "Schéma \"x\" \(db.schema)"
        let table = "my \"odd\" Tablé"
        let quotedSchema = PostgresSQL.quoted(odd)
        let quotedTable = PostgresSQL.quoted(table)
        try db.psql("CREATE SCHEMA \(quotedSchema)")
        if mode != .create {
            try db.psql(
                "CREATE TABLE \(quotedSchema).\(quotedTable) (\"first name\" text, \(Self.amount) numeric(10,2), \"ID\" bigint \(mode.needsKey ? "PRIMARY KEY" : ""));"
                    + "INSERT INTO \(quotedSchema).\(quotedTable) VALUES ('Zoë', 1.50, 1);")
        }
        let endpoint = PostgresEndpoint(connection: Secret(db.url), schema: odd, table: table)
        let runID = RunID()
        let sink = try PostgresSink(endpoint: endpoint, runID: runID)
        let key = mode.needsKey ? ["ID"] : []
        if mode != .create {
            #expect(try sink.existingColumns()?.map(\.name) == ["first name", "Amount \"€\"", "ID"])
        }
        try sink.begin(schema: Self.schema, mode: mode, key: key)
        _ = try sink.write(Self.batch([("Ödön", "2.25", 1), ("Ann", "3.00", 2)]))
        try sink.record(testLedgerEntry(runID, table: table, mode: mode))
        try sink.commit()
        let rows = try db.psql("SELECT string_agg(\"first name\" || '=' || \(Self.amount), ',' ORDER BY \"ID\", \"first name\") FROM \(quotedSchema).\(quotedTable)")
        switch mode {
        case .append: #expect(rows == "Zoë=1.50,Ödön=2.25,Ann=3.00")
        case .update: #expect(rows == "Ödön=2.25")
        default: #expect(rows == "Ödön=2.25,Ann=3.00")
        }
        #expect(try db.value("SELECT count(*) FROM \(quotedSchema).ferry_loads") == "1")
        let leftovers = try db.psql("SELECT count(*) FROM pg_class WHERE relnamespace = '\(quotedSchema.replacingOccurrences(of: "'", with: "''"))'::regnamespace AND relname LIKE '%ferry\\_%' ESCAPE '\\' AND relname <> 'ferry_loads' AND relname NOT LIKE 'ferry_loads%'")
        #expect(leftovers == "0")
    }

    @Test("an unqualified table follows the search_path and is created in its first schema")
    func unqualified() throws {
        let db = try PostgresTestSchema()
        let url = db.url + "?options=-csearch_path%3D\(db.schema)"
        let sink = try PostgresSink(endpoint: PostgresEndpoint(connection: Secret(url), table: "plain"), runID: RunID())
        try load(sink, Self.schema, mode: .create, [Self.batch([("a", "1.00", 1)])])
        #expect(try db.tables() == ["plain"])
    }

    @Test("a long table name still gets a replace staging name within 63 bytes")
    func longName() throws {
        let db = try PostgresTestSchema()
        let long = String(repeating: "é", count: 31)  // 62 bytes
        try db.psql("CREATE TABLE \(PostgresSQL.quoted(long)) (\"first name\" text, \(Self.amount) numeric(10,2), \"ID\" bigint)")
        try load(db.sink(long), Self.schema, mode: .replace, [Self.batch([("a", "1.00", 1)])])
        #expect(try db.tables() == [long])
        #expect(SQLDialect.stagingName(for: long, runTag: "0190abcd", bytes: PostgresSQL.maxIdentifierBytes).utf8.count <= 63)
    }
}
