import FerryCore
import Testing

@Suite("Identifier normalisation and column changes in SQL")
struct NameStyleTests {
    @Test("snake_case splits camelCase, blanks and punctuation, keeps Unicode letters, guards a leading digit",
          arguments: [
              ("Order ID", "order_id"), ("orderId", "order_id"), ("HTTPServer", "http_server"), ("customer-name", "customer_name"),
              ("  total  (EUR) ", "total_eur"), ("2nd line", "_2nd_line"), ("Prix (€)", "prix"), ("Größe", "größe"),
              ("ÉtatCivil", "état_civil"), ("_id", "_id"), ("a__b", "a_b"), ("address2", "address2"), ("v2Name", "v2_name"),
              ("already_snake", "already_snake"), ("名前", "名前"),
          ])
    func snakeCase(input: String, expected: String) {
        #expect(NameStyle.snakeCase.apply(input, position: 1) == expected)
    }

    @Test("a name without letters or digits becomes column_<position>; lower and as_is change nothing else")
    func otherStyles() {
        #expect(NameStyle.snakeCase.apply("#!", position: 3) == "column_3")
        #expect(NameStyle.lower.apply("Order ID", position: 1) == "order id")
        #expect(NameStyle.asIs.apply("Order ID", position: 1) == "Order ID")
    }

    @Test("each dialect's ALTER TABLE for added, widened and dropped columns")
    func alterStatements() throws {
        let before = Column(name: "n", type: .bigint, origin: .target, limit: .integerRange(min: -2_147_483_648, max: 2_147_483_647, typeName: "integer"))
        let after = Column(name: "n", type: .bigint, origin: .target)
        let widen = SchemaChange(kind: .widenColumn, before: before, after: after)
        let add = SchemaChange(kind: .addColumn, before: nil, after: Column(name: "e mail", type: .text, origin: .inferred))
        let drop = SchemaChange(kind: .dropColumn, before: after, after: nil)
        #expect(try SQLDialect.postgres.alterStatements("\"t\"", name: "t", changes: [widen, add, drop]) == [
            "ALTER TABLE \"t\" ALTER COLUMN \"n\" TYPE bigint", "ALTER TABLE \"t\" ADD COLUMN \"e mail\" text", "ALTER TABLE \"t\" DROP COLUMN \"n\"",
        ])
        #expect(SQLDialect.mysql.alterStatement("`t`", widen) == "ALTER TABLE `t` MODIFY COLUMN `n` BIGINT NULL")
        #expect(try SQLDialect.mysql.alterStatements("`t`", name: "t", changes: [add]) == ["ALTER TABLE `t` ADD COLUMN `e mail` LONGTEXT"])
        // MySQL commits DDL at once: only an added column can be undone after a failed load.
        #expect(throws: FerryError.self) { try SQLDialect.mysql.alterStatements("`t`", name: "t", changes: [widen]) }
        #expect(throws: FerryError.self) { try SQLDialect.mysql.alterStatements("`t`", name: "t", changes: [drop]) }
        // SQLite has no ALTER COLUMN: a widening that changes the declared type is refused, one
        // that does not (a limit SQLite never enforces) needs no statement.
        let toDecimal = SchemaChange(kind: .widenColumn, before: after, after: Column(name: "n", type: .anyDecimal, origin: .target))
        #expect(throws: FerryError.self) { try SQLDialect.sqlite.alterStatements("\"t\"", name: "t", changes: [toDecimal]) }
        #expect(try SQLDialect.sqlite.alterStatements("\"t\"", name: "t", changes: [widen]) == [])
    }

    @Test("PostgreSQL's limits reach the engine: 63-byte names, 1,600 columns")
    func limits() {
        let limits = SQLDialect.postgres.targetLimits
        #expect(limits.maxColumns == 1600)
        #expect(limits.identifierLimit?.admits(String(repeating: "a", count: 63)) == true)
        #expect(limits.identifierLimit?.admits(String(repeating: "é", count: 32)) == false)
    }
}
