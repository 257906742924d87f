@testable import FerryServeKit
import Testing

@Suite("dashboard pieces")
struct DashboardTests {
    @Test("a URL-encoded form decodes +, %XX and repeated fields, and keeps a broken escape as written")
    func formFields() {
        let form = FormFields(body: Array("table=my+orders&key=id&key=region%5F2&csrf=a%3Db&bad=%zz&empty=".utf8))
        #expect(form.text("table") == "my orders")
        #expect(form.all("key") == ["id", "region_2"])
        #expect(form.text("csrf") == "a=b")
        #expect(form.text("bad") == "%zz")
        #expect(form.text("empty") == "")
        #expect(form.text("missing") == nil)
    }

    @Test("a session is found by its id until it expires or is closed, and ids and CSRF tokens differ per session")
    func sessions() {
        let sessions = DashboardSessions(lifetimeSeconds: 60)
        let first = sessions.open(tokenID: "t1", now: 1_000)
        let second = sessions.open(tokenID: "t1", now: 1_000)
        #expect(first.id != second.id && first.session.csrf != second.session.csrf)
        #expect(first.id.count == 64)
        #expect(sessions.session(first.id, now: 60_999)?.tokenID == "t1")
        #expect(sessions.session(first.id, now: 61_000) == nil)
        sessions.close(second.id)
        #expect(sessions.session(second.id, now: 2_000) == nil)
        #expect(sessions.session("not-a-session", now: 2_000) == nil)
    }

    @Test("CSRF and token comparison refuses empty, shorter and changed texts")
    func equal() {
        #expect(TokenHasher.equal("abc", "abc"))
        #expect(!TokenHasher.equal("", ""))
        #expect(!TokenHasher.equal("ab", "abc"))
        #expect(!TokenHasher.equal("abd", "abc"))
    }

    @Test("every template parses, and values are HTML-escaped")
    func pagesEscape() throws {
        let pages = try DashboardPages()
        let html = pages.render("message", ["title": "t", "heading": "h", "message": "<script>alert(1)</script>", "back": "/ui/runs"])
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>alert"))
        #expect(!pages.render("signin", ["title": "Sign in", "csrf": "c"]).isEmpty)
    }

    @Test("a viewer's pages have no New load link, a loader's have")
    func newLoadLink() throws {
        let pages = try DashboardPages()
        func runs(_ canLoad: Bool) -> String {
            pages.render("runs", ["title": "Runs", "runs": [[String: Any]](), "hasRuns": false,
                                  "principal": ["user": "u", "role": canLoad ? "loader" : "viewer", "canLoad": canLoad, "csrf": "c"]])
        }
        #expect(runs(true).contains("id=\"nav-new\""))
        #expect(!runs(false).contains("id=\"nav-new\""))
    }

    @Test("inspect output becomes columns and side-by-side sample rows")
    func inspectSummary() throws {
        let json = try #require(JSONValue.parse(Array("""
            {"file":"o.csv","rows_read":3,"columns":[
              {"name":"id","type":"bigint","nulls":0,"samples":["1","2","3"]},
              {"name":"name","type":"text","nulls":1,"samples":["a"]}]}
            """.utf8)))
        let summary = try #require(InspectSummary(json: json))
        #expect(summary.columns.map(\.name) == ["id", "name"])
        #expect(summary.columns.map(\.type) == ["bigint", "text"])
        #expect(summary.columns.map(\.nulls) == [0, 1])
        #expect(summary.samples == [["1", "a"], ["2", ""], ["3", ""]])
        #expect(summary.rowsRead == 3)
        #expect(InspectSummary(json: .object(["file": .string("x")])) == nil)
    }

    @Test("a timeline line summarises progress, results and failures")
    func timeline() throws {
        let progress = try #require(RunView.event(#"{"type":"progress","time":"2026-12-05T03:22:32.613Z","rows_read":10,"rows_written":8}"#))
        #expect(progress["time"] as? String == "03:22:32.613")
        #expect(progress["summary"] as? String == "10 read, 8 written")
        let failed = try #require(RunView.event(#"{"type":"run_failed","error":{"message":"boom"}}"#))
        #expect(failed["summary"] as? String == "boom")
        #expect(RunView.event("not json") == nil)
    }
}
