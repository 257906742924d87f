import FerryCore
import Testing

@Suite("Expression parser")
struct ExprParserTests {
    @Test("precedence follows SQL: OR < AND < NOT < comparison < + - || < * / %", arguments: [
        ("a + b * 2", "(a + (b * 2))"),
        ("a * b - c / 2 % 3", "((a * b) - ((c / 2) % 3))"),
        ("NOT a = 1 AND b OR c", "(((NOT (a = 1)) AND b) OR c)"),
        ("x IS NOT NULL AND y is null", "((x IS NOT NULL) AND (y IS NULL))"),
        ("-a + -3", "((-a) + -3)"),
        ("a || 'x''y' || b", "((a || 'x''y') || b)"),
        ("name NOT LIKE 'a%'", "(NOT (name LIKE 'a%'))"),
        ("a != b", "(a <> b)"),
        ("CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END",
         "CASE WHEN (a > 1) THEN 'big' WHEN (a > 0) THEN 'small' ELSE 'none' END"),
        ("cast(a AS decimal(12, 2))", "CAST(a AS decimal(12,2))"),
        ("Lower(trim(\"First Name\"))", "lower(trim(First Name))"),
        ("coalesce(a, 1.5e2, NULL, TRUE)", "coalesce(a, 150.0, NULL, TRUE)"),
        ("-9223372036854775807", "-9223372036854775807"),
    ])
    func precedence(_ text: String, _ expected: String) throws {
        #expect(try ExprParser.parse(text).description == expected)
    }

    @Test("a syntax error names the 1-based position of the offending token", arguments: [
        ("a +", 4, "expected a value, found the end of the expression"),
        ("a + * b", 5, "expected a value, found \"*\""),
        ("(a + b", 7, "expected \")\", found the end of the expression"),
        ("a b", 3, "expected an operator or the end, found \"b\""),
        ("'open", 1, "the string is not closed with '"),
        ("price # 2", 7, "unexpected character \"#\""),
        ("CASE a END", 6, "expected WHEN, found \"a\""),
        ("CAST(a AS money)", 11, "\"money\" is not a Ferry type; expected bigint, decimal, double, boolean, date, timestamp, timestamptz, uuid, json, text or decimal(p,s)"),
        ("", 1, "the expression is empty"),
        ("99999999999999999999", 1, "99999999999999999999 is out of the bigint range"),
        ("x IS 3", 6, "expected NULL, found 3"),
    ])
    func positions(_ text: String, _ position: Int, _ message: String) {
        #expect(throws: ExprError(position: position, message)) { try ExprParser.parse(text) }
    }

    @Test("positions count characters, not bytes")
    func unicodePositions() {
        #expect(throws: ExprError(position: 7, "expected a value, found the end of the expression")) { try ExprParser.parse("'é' ||") }
    }

    @Test("the request reads transform and reports an expression's syntax error at its JSON path")
    func requestPaths() throws {
        let good = """
        {"contract_version":1,"source":{"kind":"file","path":"in.csv"},"target":{"kind":"sqlite","path":"x.db","table":"t"},
         "transform":{"select":["a","b"],"rename":{"a":"x"},"columns":[{"name":"y","expr":"b * 2","type":"double","default":"0"}],
                      "where":"b > 1","audit_columns":["_run_id"]}}
        """
        let request = try LoadRequest.parse(Array(good.utf8))
        let t = try #require(request.transform)
        #expect(t.select == ["a", "b"] && t.rename.map(\.to) == ["x"] && t.columns[0].type == .double && t.audit == [.runID])
        #expect(request.json.serialized().contains("\"where\":\"b > 1\""))
        let bad = """
        {"contract_version":1,"source":{"kind":"file","path":"in.csv"},"target":{"kind":"sqlite","path":"x.db","table":"t"},
         "transform":{"columns":[{"name":"y","expr":"b *"}],"where":"(a","audit_columns":["_source_file"],"selct":[]}}
        """
        do {
            _ = try LoadRequest.parse(Array(bad.utf8))
            Issue.record("expected an invalid request")
        } catch {
            let issues = error.issues.map { "\($0.path): \($0.message)" }
            #expect(issues.contains("$.transform.columns[0].expr: at position 4: expected a value, found the end of the expression"))
            #expect(issues.contains("$.transform.where: at position 3: expected \")\", found the end of the expression"))
            #expect(issues.contains { $0.hasPrefix("$.transform.audit_columns[0]: expected one of _loaded_at, _run_id") })
            #expect(issues.contains { $0.hasPrefix("$.transform.selct: unknown field; did you mean \"select\"?") })
        }
    }
}
