import FerryCore
import FerryPostgres
import Testing

@Suite("PostgreSQL lineage datasets")
struct PostgresDatasetTests {
    let context = ConnectorContext(options: LoadOptions(), runID: RunID())

    @Test("a query source is <database>.query_<hash of the normalised query>, a table <database>.<schema>.<table>")
    func names() {
        let url = Secret("postgresql://loader:secret@db.internal:5433/shop")
        let table = PostgresEndpoint(connection: url, table: "orders").dataset(context)
        #expect((table.namespace, table.name) == ("postgres://db.internal:5433", "shop.public.orders"))
        let query = PostgresEndpoint(connection: url, query: "  select id, amount from orders\n where amount > 10 ").dataset(context)
        #expect((query.namespace, query.name) == ("postgres://db.internal:5433", "shop.query_08830e8b21bd"))
        #expect(!query.name.contains("secret") && !query.namespace.contains("secret"))
    }
}
