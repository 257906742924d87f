import FerryCore
import FerrySQLite
import Testing

@Suite("SQLite lineage datasets")
struct SQLiteDatasetTests {
    let context = ConnectorContext(options: LoadOptions(), runID: RunID(), workingDirectory: "/data")

    @Test("a table is <absolute path>#<table>; a query is <absolute path>#query_<hash of the normalised query>")
    func names() {
        #expect(SQLiteEndpoint(path: "shop.db", table: "orders").dataset(context).name == "/data/shop.db#orders")
        let query = SQLiteEndpoint(path: "shop.db", query: "select id, amount\n  from orders where amount > 10")
        #expect(query.dataset(context).name == "/data/shop.db#query_08830e8b21bd")
        #expect(SQLiteEndpoint(path: "shop.db", query: "select 1").dataset(context).name != query.dataset(context).name)
    }
}
