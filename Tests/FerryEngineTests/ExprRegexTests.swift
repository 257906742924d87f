import FerryCore
@testable import FerryEngine
import Testing

@Suite("regexp_like in expressions")
struct ExprRegexTests {
    @Test("matches as a search with the checks' safe engine; NULL gives NULL")
    func matches() throws {
        let r = try evaluate("regexp_like(s, '^[a-z]+[0-9]*@(x|y)\\.com$')",
                             [("s", .text, ["ann@x.com", "Ann@x.com", "b7@y.com", "b7@y.comm", nil, "é@x.com"])])
        #expect(r.values == ["true", "false", "true", "false", nil, "false"])
        #expect(try value("regexp_like('xxabcxx', 'abc')") == "true")
        #expect(try value("regexp_like('héllo', '^h.llo$')") == "true")
    }

    @Test("a pathological pattern stays linear: (a+)+$ on a long non-matching value answers")
    func linear() throws {
        let long = String(repeating: "a", count: 5000) + "!"
        #expect(try evaluate("regexp_like(s, '(a+)+$')", [("s", .text, [long])]).values == ["false"])
    }

    @Test("pattern problems are type-check errors at their position in the expression", arguments: [
        ("regexp_like(s, 'a(b')", ExprError(position: 18, "regexp_like: missing ) in the pattern")),
        ("regexp_like(s, 'ab\\1')", ExprError(position: 19, "regexp_like: backreferences are not supported in the pattern")),
        ("regexp_like(s, s)", ExprError(position: 16, "regexp_like needs the pattern as a string literal ('...')")),
        ("regexp_like(a, 'x')", ExprError(position: 13, "regexp_like needs text here, not bigint; cast it with CAST(... AS text)")),
        ("regexp_like(s)", ExprError(position: 1, "regexp_like takes 2 arguments, not 1")),
        ("regexp_lke(s, 'x')", ExprError(position: 1, "no function regexp_lke; did you mean regexp_like?")),
    ])
    func errors(_ text: String, _ error: ExprError) throws {
        let schema = Schema(columns: [Column(name: "a", type: .bigint, origin: .declared), Column(name: "s", type: .text, origin: .declared)])
        #expect(throws: error) { try ExprChecker(schema: schema).check(try ExprParser.parse(text)) }
    }
}
