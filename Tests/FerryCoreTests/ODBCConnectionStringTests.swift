import FerryCore
import Testing

@Suite("ODBC connection strings")
struct ODBCConnectionStringTests {
    @Test("passwords, tokens and keys are hidden; everything else is kept", arguments: [
        ("DSN=warehouse", "DSN=warehouse"),
        ("DSN=w;UID=u;PWD=secret", "DSN=w;UID=u;PWD=***"),
        ("Driver={PostgreSQL Unicode};Server=h;pwd={a;b=}}c};Port=5432", "Driver={PostgreSQL Unicode};Server=h;pwd=***;Port=5432"),
        ("Driver=X;Password=p;OAuthToken=t;PrivateKey=k;", "Driver=X;Password=***;OAuthToken=***;PrivateKey=***;"),
        ("Database=shop; PWD = x", "Database=shop; PWD =***"),
        // Before redaction read bytes, `=` or `;` joined with a combining mark into one Character
        // and the password was shown (found by Tests/python/test_secrets_canary.py).
        ("Server=h;PWD=\u{301}SECRET", "Server=h;PWD=***"),
        ("Server=h;\u{301}PWD=SECRET", "Server=h;\u{301}PWD=***"),
        // A URL in a value keeps no password; an unclosed brace hides the rest.
        ("Server=h;Database=postgresql://u:SECRET@h/db", "Server=h;Database=postgresql://u:***@h/db"),
        ("Server=h;PWD={SECRET;x", "Server=h;PWD=***"),
        ("Server=h;Database={db;PWD=SECRET", "Server=h;Database=***"),
    ])
    func redaction(input: String, shown: String) {
        #expect(ODBCConnectionString.redacted(input) == shown)
        #expect(!ODBCConnectionString.redacted(input).contains("SECRET"))
    }

    @Test("a URL with a password in any value is among the secrets to scrub from driver messages")
    func urlSecrets() {
        #expect(ODBCConnectionString.secretValues("Server=h;Database=postgresql://u:SECRET@h/db") == ["postgresql://u:SECRET@h/db"])
    }

    @Test("the secret values, braced and bare, longest first; attributes unbrace values")
    func secrets() {
        let text = "Driver={PostgreSQL Unicode};UID=u;PWD={a;b}}c};ApiKey=k"
        #expect(ODBCConnectionString.secretValues(text) == ["{a;b}}c}", "a;b}c", "k"])
        #expect(ODBCConnectionString.attributes(text).map(\.value) == ["PostgreSQL Unicode", "u", "a;b}c", "k"])
        #expect(ODBCConnectionString.attributes("warehouse").map(\.key) == ["DSN"])
    }

    @Test("a braced secret whose brace never closes is scrubbed as written (found by the redaction fuzz target)")
    func unclosedBrace() {
        let text = "UID=u;PWD={SECRET x;y}}z"
        #expect(ODBCConnectionString.secretValues(text).contains("{SECRET x;y}}z"))
        let scrubbed = ODBCConnectionString.secretValues(text).reduce("driver said: \(text)") { $0.replacing($1, with: "***") }
        #expect(!scrubbed.contains("SECRET"))
    }
}
