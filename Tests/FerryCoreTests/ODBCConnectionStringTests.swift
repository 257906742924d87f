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
    ])
    func redaction(input: String, shown: String) {
        #expect(ODBCConnectionString.redacted(input) == shown)
    }
}
