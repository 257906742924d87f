import FerryCore
import Testing

@Suite("Query dataset names")
struct QueryDatasetNameTests {
    @Test("the name is query_ and the first 12 hex digits of the SHA-256 of the normalised query")
    func documentedName() {
        // sha256("select id, amount from orders where amount > 10") = 08830e8b21bd01fe…
        #expect(QueryDatasetName.name("select id, amount from orders where amount > 10") == "query_08830e8b21bd")
    }

    @Test("whitespace runs, line breaks and indentation do not change the name")
    func whitespaceIsNormalised() {
        let wrapped = "\n  select id,\tamount\r\n    from orders\n   where amount > 10\n"
        #expect(String(decoding: QueryDatasetName.normalised(wrapped), as: UTF8.self) == "select id, amount from orders where amount > 10")
        #expect(QueryDatasetName.name(wrapped) == "query_08830e8b21bd")
    }

    @Test("case and quoted text change the name: they can change what the query reads")
    func differentQueriesDiffer() {
        let names = Set(["select 1", "SELECT 1", "select 2", "select 'a  b'", "select 'a b'"].map(QueryDatasetName.name))
        #expect(names.count == 5)
        #expect(String(decoding: QueryDatasetName.normalised("select  'a  b',\n\"x  y\"  from t where s = 'it''s  '"), as: UTF8.self)
            == "select 'a  b', \"x  y\" from t where s = 'it''s  '")
    }
}
