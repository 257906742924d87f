import FerryCore
@testable import FerryODBC
import Testing

@Suite("ODBC dialects")
struct ODBCDialectTests {
    @Test("the DBMS name a driver reports picks the dialect; anything else is generic with the driver's quote")
    func detection() {
        let cases: [(String, ODBCDialect.Family)] = [
            ("PostgreSQL", .postgres), ("SQLite", .sqlite), ("Microsoft SQL Server", .sqlServer), ("Oracle", .oracle),
            ("Snowflake", .snowflake), ("Vertica Database", .vertica), ("MySQL", .mysql), ("MariaDB", .mysql), ("Informix", .generic),
        ]
        for (name, family) in cases {
            #expect(ODBCDialect.detect(dbmsName: name, quote: "`").family == family, "\(name)")
        }
        let mysql = ODBCDialect.detect(dbmsName: "MySQL", quote: "`")
        #expect(mysql.quoted("a`b") == "`a``b`")
        #expect(mysql.upsert == .onDuplicateKey)
        #expect(ODBCDialect.detect(dbmsName: "MariaDB", quote: "`").name == "MariaDB")
        #expect(ODBCDialect.detect(dbmsName: "Informix", quote: "`").upsert == .none)
        #expect(ODBCDialect.detect(dbmsName: "X", quote: " ").quoted("t") == "\"t\"")
    }

    @Test("identifiers are quoted with the closing quote doubled")
    func quoting() {
        #expect(ODBCDialect.postgres.quoted("my \"t\"") == "\"my \"\"t\"\"\"")
        #expect(ODBCDialect.sqlServer.quoted("a]b[c") == "[a]]b[c]")
        #expect(ODBCTableName(schema: "dbo", table: "t", dialect: .sqlServer).sql == "[dbo].[t]")
    }

    @Test("upsert statements: ON CONFLICT for PostgreSQL and SQLite, MERGE for the others, none for generic")
    func upserts() {
        let schema = Schema(columns: [Column(name: "id", type: .bigint, origin: .declared), Column(name: "v", type: .text, origin: .declared)])
        let pg = ODBCTableName(schema: "s", table: "t", dialect: .postgres)
        #expect(ODBCDialect.postgres.upsert(into: pg, schema: schema, key: ["id"])
            == #"INSERT INTO "s"."t" ("id", "v") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "v" = excluded."v""#)
        #expect(ODBCDialect.sqlite.upsert(into: ODBCTableName(schema: nil, table: "t", dialect: .sqlite), schema: schema, key: ["id", "v"])
            == #"INSERT INTO "t" ("id", "v") VALUES (?, ?) ON CONFLICT ("id", "v") DO NOTHING"#)
        let oracle = ODBCTableName(schema: "S", table: "T", dialect: .oracle)
        #expect(ODBCDialect.oracle.upsert(into: oracle, schema: schema, key: ["id"]) == """
            MERGE INTO "S"."T" ferry_t USING (SELECT CAST(? AS NUMBER(19)) AS "id", CAST(? AS NCLOB) AS "v" FROM DUAL) ferry_s \
            ON (ferry_t."id" = ferry_s."id") WHEN MATCHED THEN UPDATE SET "v" = ferry_s."v" \
            WHEN NOT MATCHED THEN INSERT ("id", "v") VALUES (ferry_s."id", ferry_s."v")
            """)
        let mssql = ODBCDialect.sqlServer.upsert(into: ODBCTableName(schema: "dbo", table: "t", dialect: .sqlServer), schema: schema, key: ["id"])
        #expect(mssql?.hasPrefix("MERGE INTO [dbo].[t] AS ferry_t USING (SELECT CAST(? AS BIGINT) AS [id], CAST(? AS NVARCHAR(MAX)) AS [v]) AS ferry_s") == true)
        #expect(mssql?.hasSuffix(";") == true)
        let mysql = ODBCDialect.mysql(name: "MariaDB")
        #expect(mysql.upsert(into: ODBCTableName(schema: nil, table: "t", dialect: mysql), schema: schema, key: ["id"])
            == "INSERT INTO `t` (`id`, `v`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `v` = VALUES(`v`)")
        #expect(mysql.upsert(into: ODBCTableName(schema: nil, table: "t", dialect: mysql), schema: schema, key: ["id", "v"])
            == "INSERT INTO `t` (`id`, `v`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `id` = `id`")
        #expect(ODBCDialect.generic(name: "X", quote: "\"").upsert(into: pg, schema: schema, key: ["id"]) == nil)
        #expect(ODBCDialect.postgres.update(pg, columns: ["id", "v"], key: ["id"]) == #"UPDATE "s"."t" SET "v" = ? WHERE "id" = ?"#)
    }

    @Test("replace renames with ALTER TABLE, or sp_rename on SQL Server; only dialects with transactional DDL may replace")
    func renames() {
        #expect(ODBCDialect.postgres.rename(ODBCTableName(schema: "s", table: "t__ferry_1", dialect: .postgres), to: "t")
            == [#"ALTER TABLE "s"."t__ferry_1" RENAME TO "t""#])
        #expect(ODBCDialect.sqlServer.rename(ODBCTableName(schema: "dbo", table: "o'k__ferry_1", dialect: .sqlServer), to: "o'k")
            == ["EXEC sp_rename N'[dbo].[o''k__ferry_1]', N'o''k'"])
        #expect(ODBCDialect.sqlite.rename(ODBCTableName(schema: nil, table: "n", dialect: .sqlite), to: "t").count == 3)
        for dialect in [ODBCDialect.oracle, .snowflake, .vertica] { #expect(!dialect.transactionalDDL) }
        #expect(SQLDialect.stagingName(for: String(repeating: "é", count: 40), runTag: "0123abcd", bytes: 63).utf8.count <= 63)
    }

    @Test("type names for created tables follow each system")
    func typeNames() {
        #expect(ODBCDialect.postgres.typeName(for: .timestamptz) == "timestamptz")
        #expect(ODBCDialect.sqlite.typeName(for: .decimal(precision: 12, scale: 2)) == "DECIMAL(12,2)")
        #expect(ODBCDialect.sqlServer.typeName(for: .timestamptz) == "DATETIMEOFFSET(6)")
        #expect(ODBCDialect.sqlServer.typeName(for: .boolean) == "BIT")
        #expect(ODBCDialect.oracle.typeName(for: .double) == "BINARY_DOUBLE")
        #expect(ODBCDialect.snowflake.typeName(for: .timestamp) == "TIMESTAMP_NTZ(6)")
        #expect(ODBCDialect.vertica.typeName(for: .uuid) == "UUID")
        #expect(ODBCDialect.generic(name: "X", quote: "\"").typeName(for: .timestamptz) == "TIMESTAMP WITH TIME ZONE")
        let mysql = ODBCDialect.mysql(name: "MySQL")
        #expect(mysql.typeName(for: .boolean) == "TINYINT(1)")
        #expect(mysql.typeName(for: .timestamptz) == "DATETIME(6)")
        #expect(mysql.typeName(for: .decimal(precision: 12, scale: 2)) == "DECIMAL(12,2)")
        #expect(mysql.typeName(for: .decimal(precision: 70, scale: 2)) == "DECIMAL(65,30)")
        #expect(mysql.typeName(for: .json) == "LONGTEXT")
        #expect(mysql.typeName(for: .uuid) == "CHAR(36)")
    }

    @Test("catalog types map to Ferry types by name first, then by SQL type, with the limits they enforce")
    func columnTypes() {
        func column(_ sqlType: Int16, _ name: String, size: Int = 0, digits: Int = 0) -> ODBCResultColumn {
            ODBCResultColumn(name: "c", sqlType: sqlType, typeName: name, size: size, digits: digits, nullable: true)
        }
        let pg = ODBCDialect.postgres
        #expect(pg.columnType(column(ODBCSQLType.numeric, "numeric", size: 28, digits: 6)).type == .anyDecimal)
        #expect(pg.columnType(column(ODBCSQLType.numeric, "numeric", size: 12, digits: 2)).type == .decimal(precision: 12, scale: 2))
        #expect(pg.columnType(column(ODBCSQLType.varchar, "bool", size: 5)).type == .boolean)
        #expect(pg.columnType(column(ODBCSQLType.varchar, "json", size: 255)) == (.json, nil))
        #expect(pg.columnType(column(ODBCSQLType.timestamp, "timestamptz")).type == .timestamptz)
        #expect(pg.columnType(column(ODBCSQLType.varchar, "varchar", size: 20)).limit == .maxCharacters(20, typeName: "varchar(20)"))
        #expect(pg.columnType(column(ODBCSQLType.integer, "int4")).limit == .integerRange(min: -2_147_483_648, max: 2_147_483_647, typeName: "int4"))
        #expect(ODBCDialect.sqlServer.columnType(column(ODBCSQLType.sqlServerTimestampOffset, "datetimeoffset")).type == .timestamptz)
        #expect(ODBCDialect.sqlServer.columnType(column(ODBCSQLType.tinyint, "tinyint")).limit == .integerRange(min: 0, max: 255, typeName: "tinyint"))
        #expect(ODBCDialect.sqlServer.columnType(column(ODBCSQLType.guid, "uniqueidentifier")).type == .uuid)
        // SQLite does not enforce lengths and its driver's sizes are not reliable: declared names decide.
        #expect(ODBCDialect.sqlite.columnType(column(ODBCSQLType.varchar, "VARCHAR(10)", size: 10)) == (.text, nil))
        #expect(ODBCDialect.sqlite.columnType(column(ODBCSQLType.varchar, "DECIMAL(12,2)")).type == .decimal(precision: 12, scale: 2))
        #expect(ODBCDialect.sqlite.columnType(column(ODBCSQLType.integer, "BIGINT")).type == .bigint)
    }

    @Test("diagnostics of data conditions are named, never quoted; other messages are the driver's on one line")
    func diagnostics() {
        let records = ODBCDiagnostics(records: [
            ODBCDiagnosticRecord(sqlstate: "23505", native: 1, message: "ERROR: duplicate key\nDETAIL: Key (id)=(42) already exists."),
            ODBCDiagnosticRecord(sqlstate: "01000", native: 0, message: "note\n  more"),
        ])
        let error = records.error(ODBCContext(.load, "writing table t"), scrub: { $0 })
        #expect(error.code == .targetConstraint)
        #expect(error.message == "writing table t: [23505] (native 1) duplicate key violates a unique constraint | [01000] (native 0) note more")
        #expect(!error.message.contains("42"))
        let sqlite = ODBCDiagnostics(records: [ODBCDiagnosticRecord(sqlstate: "HY000", native: 2067, message: "UNIQUE constraint failed: t.v")])
        #expect(sqlite.error(ODBCContext(.load, "x", dialect: .sqlite), scrub: { $0 }).code == .targetConstraint)
        let busy = ODBCDiagnostics(records: [ODBCDiagnosticRecord(sqlstate: "HY000", native: 5, message: "database is locked")])
        #expect(busy.error(ODBCContext(.load, "x", dialect: .sqlite), scrub: { $0 }).retryable)
        let noDriver = ODBCDiagnostics(records: [ODBCDiagnosticRecord(
            sqlstate: "01000", native: 0, message: "[unixODBC][Driver Manager]Can't open lib '/nope.so' : file not found")])
        #expect(noDriver.error(ODBCContext(.connect, "connecting"), scrub: { $0 }).code == .targetUnavailable)
        #expect(noDriver.error(ODBCContext(.connect, "connecting", role: .source), scrub: { $0 }).code == .sourceUnreadable)
        let lost = ODBCDiagnostics(records: [ODBCDiagnosticRecord(sqlstate: "08S01", native: 0, message: "communication link failure")])
        let source = lost.error(ODBCContext(.extract, "x", role: .source), scrub: { $0 })
        #expect(source.code == .sourceUnreadable && source.retryable)
        let refused = ODBCDiagnostics(records: [ODBCDiagnosticRecord(sqlstate: "08001", native: 101, message: "FATAL: password authentication failed")])
        #expect(!refused.error(ODBCContext(.connect, "x"), scrub: { $0 }).retryable)
        let cancelled = ODBCDiagnostics(records: [ODBCDiagnosticRecord(sqlstate: "HY008", native: 0, message: "Operation canceled")])
        #expect(cancelled.error(ODBCContext(.load, "x"), scrub: { $0 }).code == .cancelled)
    }

    @Test("transient SQLSTATEs are retryable from the code alone; others are not", arguments: [
        ("08S01", FerryError.Code.targetUnavailable, true),
        ("08001", .targetUnavailable, true),
        ("40001", .targetWrite, true),
        ("40P01", .targetWrite, true),
        ("HYT00", .targetUnavailable, true),
        ("HYT01", .targetUnavailable, true),
        ("42S02", .targetNotFound, false),
        ("22003", .targetWrite, false),
    ])
    func transient(sqlstate: String, code: FerryError.Code, retryable: Bool) {
        let diagnostics = ODBCDiagnostics(records: [ODBCDiagnosticRecord(sqlstate: sqlstate, native: 0, message: "the driver's text")])
        let error = diagnostics.error(ODBCContext(.load, "writing table t"), scrub: { $0 })
        #expect(error.code == code)
        #expect(error.retryable == retryable)
    }
}
