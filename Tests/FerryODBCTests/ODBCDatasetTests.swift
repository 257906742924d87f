import FerryCore
import FerryODBC
import Testing

@Suite("ODBC lineage datasets")
struct ODBCDatasetTests {
    let context = ConnectorContext(options: LoadOptions(), runID: RunID())

    @Test("a query source is [<database>.]query_<hash of the normalised query>")
    func names() {
        let connection = Secret("Driver=MariaDB;Server=db.internal;Port=3306;Database=shop;UID=u;PWD=secret")
        let query = ODBCEndpoint(connection: connection, query: "select id, amount from orders\twhere amount > 10").dataset(context)
        #expect((query.namespace, query.name) == ("odbc://db.internal:3306", "shop.query_08830e8b21bd"))
        let table = ODBCEndpoint(connection: connection, schema: "raw", table: "orders").dataset(context)
        #expect(table.name == "shop.raw.orders")
    }
}
