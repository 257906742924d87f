import FerryCore
@testable import FerryPostgres
import Testing

@Suite("PostgreSQL connection parameters")
struct PostgresConnectParametersTests {
    private func parameters(_ text: String?) -> [String: String] {
        let (keywords, values) = PGConnection.parameters(text, info: PGConnectionInfo(text))
        return Dictionary(zip(keywords, values), uniquingKeysWith: { first, _ in first })
    }

    @Test("a string without connect_timeout gets Ferry's default, so a silent server cannot hang a run")
    func defaultTimeout() throws {
        // PGCONNECT_TIMEOUT in this process's environment would rightly win; the test needs it unset.
        try #require(PGConnectionInfo(nil).value("connect_timeout") == nil)
        #expect(parameters("host=db dbname=shop")["connect_timeout"] == String(PGConnection.defaultConnectTimeoutSeconds))
        #expect(parameters(nil)["connect_timeout"] == String(PGConnection.defaultConnectTimeoutSeconds))
    }

    @Test("the string's own connect_timeout wins, as a key or in a URI")
    func stringWins() {
        #expect(parameters("host=db connect_timeout=5")["connect_timeout"] == nil)
        #expect(parameters("postgresql://u@db/shop?connect_timeout=5")["connect_timeout"] == nil)
    }
}
