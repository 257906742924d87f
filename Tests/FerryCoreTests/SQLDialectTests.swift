@testable import FerryCore
import Testing

@Suite("SQL dialects")
struct SQLDialectTests {
    @Test("identifiers are quoted with the family's quote, the closing quote doubled by Unicode scalar")
    func quoting() {
        #expect(SQLDialect.postgres.quoted("my \"t\"") == "\"my \"\"t\"\"\"")
        #expect(SQLDialect.sqlite.quoted("列") == "\"列\"")
        #expect(SQLDialect.mysql.quoted("a`b") == "`a``b`")
        #expect(SQLDialect.sqlServer.quoted("a]b[c") == "[a]]b[c]")
        // A quote followed by a combining mark is one Character but still a quote to the parser.
        #expect(SQLDialect.postgres.quoted("a\"\u{301}") == "\"a\"\"\u{301}\"")
        #expect(SQLDialect.generic(name: "X", quote: " ").quoted("t") == "\"t\"")
    }

    @Test("identifier limits: PostgreSQL counts bytes, MySQL characters")
    func identifierLimits() {
        #expect(SQLDialect.postgres.fits(String(repeating: "a", count: 63)))
        #expect(!SQLDialect.postgres.fits(String(repeating: "é", count: 32)))
        #expect(SQLDialect.mysql.fits(String(repeating: "é", count: 64)))
        #expect(!SQLDialect.mysql.fits(String(repeating: "a", count: 65)))
        #expect(SQLDialect.sqlite.fits(String(repeating: "a", count: 1000)))
        #expect(SQLDialect.truncated("ééé", bytes: 5) == "éé")
    }

    @Test("CREATE TABLE uses the family's types, NOT NULL for keys, and MySQL's engine and character set")
    func createTable() {
        let schema = Schema(columns: [
            Column(name: "id", type: .bigint, origin: .declared), Column(name: "ok", type: .boolean, origin: .declared),
            Column(name: "at", type: .timestamptz, origin: .declared),
        ])
        #expect(SQLDialect.postgres.createTable("\"t\"", schema: schema, primaryKey: ["id"])
            == #"CREATE TABLE "t" ("id" bigint NOT NULL, "ok" boolean, "at" timestamptz, PRIMARY KEY ("id"))"#)
        #expect(SQLDialect.sqlite.createTable("\"t\"", schema: schema, primaryKey: [])
            == #"CREATE TABLE "t" ("id" INTEGER, "ok" BOOLEAN, "at" TIMESTAMPTZ)"#)
        #expect(SQLDialect.mysql.createTable("`t`", schema: schema, primaryKey: ["id"])
            == "CREATE TABLE `t` (`id` BIGINT NOT NULL, `ok` TINYINT(1), `at` DATETIME(6) COMMENT 'timestamptz (UTC)', PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")
    }

    @Test("the upsert clause: ON CONFLICT, ON DUPLICATE KEY UPDATE, or none for MERGE systems")
    func conflictClause() {
        #expect(SQLDialect.sqlite.conflictClause(columns: ["id", "v"], key: ["id"]) == #" ON CONFLICT ("id") DO UPDATE SET "v" = excluded."v""#)
        #expect(SQLDialect.postgres.conflictClause(columns: ["id"], key: ["id"]) == #" ON CONFLICT ("id") DO NOTHING"#)
        #expect(SQLDialect.mysql.conflictClause(columns: ["id", "v"], key: ["id"]) == " ON DUPLICATE KEY UPDATE `v` = VALUES(`v`)")
        #expect(SQLDialect.oracle.conflictClause(columns: ["id", "v"], key: ["id"]) == nil)
    }

    @Test("MySQL swaps tables with one RENAME TABLE and empties them with DELETE: its DDL commits at once")
    func mysqlDDL() {
        let mysql = SQLDialect.mysql(name: "MariaDB")
        #expect(!mysql.transactionalDDL && mysql.renamesAtomically)
        #expect(mysql.swapTables("`t`", new: "`t__ferry_1`", old: "`t__ferry_1_old`") == "RENAME TABLE `t` TO `t__ferry_1_old`, `t__ferry_1` TO `t`")
        #expect(mysql.emptyTablePrefix == "DELETE FROM ")
        #expect(mysql.valueLimits.targetName == "MariaDB")
        #expect(mysql.sessionSetup.contains("SET time_zone = '+00:00'"))
    }

    @Test("every family names every Ferry type, and SQLite reads its own names back")
    func typeNames() {
        let types: [ColumnType] = [.bigint, .anyDecimal, .decimal(precision: 12, scale: 2), .double, .boolean, .date, .timestamp, .timestamptz, .uuid, .json, .text]
        for family in [SQLDialect.postgres, .sqlite, .mysql, .sqlServer, .oracle, .snowflake, .vertica, .generic(name: "X", quote: "\"")] {
            for type in types { #expect(!family.typeName(for: type).isEmpty) }
        }
        for type in types { #expect(SQLDialect.sqliteColumnType(declared: SQLDialect.sqlite.typeName(for: type)) == type) }
        #expect(SQLDialect.sqliteColumnType(declared: "VARCHAR(20)") == .text)
        #expect(SQLDialect.sqliteColumnType(declared: "double  precision") == .double)
    }

    @Test("a decimal is written as declared where the system has no limit, with a scale within it, and as the family's wide decimal beyond it")
    func decimalNames() {
        let declared = ColumnType.decimal(precision: 12, scale: 2)
        let noScale = ColumnType.decimal(precision: 12, scale: nil)
        let wide = ColumnType.decimal(precision: 50, scale: 40)
        let cases: [(SQLDialect, [String])] = [
            (.postgres, ["numeric(12,2)", "numeric(12)", "numeric(50,40)", "numeric"]),
            (.sqlite, ["DECIMAL(12,2)", "DECIMAL(12)", "DECIMAL(50,40)", "NUMERIC"]),
            (.generic(name: "X", quote: "\""), ["DECIMAL(12,2)", "DECIMAL(12)", "DECIMAL(50,40)", "DECIMAL(38,10)"]),
            (.mysql, ["DECIMAL(12,2)", "DECIMAL(12,0)", "DECIMAL(65,30)", "DECIMAL(65,30)"]),
            (.oracle, ["NUMBER(12,2)", "NUMBER(12,0)", "NUMBER", "NUMBER"]),
            (.sqlServer, ["DECIMAL(12,2)", "DECIMAL(12,0)", "DECIMAL(38,10)", "DECIMAL(38,10)"]),
            (.snowflake, ["NUMBER(12,2)", "NUMBER(12,0)", "NUMBER(38,10)", "NUMBER(38,10)"]),
            (.vertica, ["NUMERIC(12,2)", "NUMERIC(12,0)", "NUMERIC(50,40)", "NUMERIC(37,15)"]),
        ]
        for (dialect, names) in cases {
            #expect([declared, noScale, wide, .anyDecimal].map(dialect.typeName) == names, "\(dialect.name)")
        }
        #expect(SQLDialect.mysql.typeName(for: .decimal(precision: 40, scale: 31)) == "DECIMAL(65,30)")
        #expect([declared, noScale, .anyDecimal, .double].map(\.name) == ["decimal(12,2)", "decimal(12)", "decimal", "double"])
    }
}
