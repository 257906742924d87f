import FerryCore
import Testing

@Suite("Query dataset names")
struct QueryDatasetNameTests {
    @Test("SHA-256 matches the FIPS 180-4 test vectors, across block boundaries", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func digest(message: String, hex: String) {
        let digest = SHA256Digest.hash(Array(message.utf8))
        #expect(digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() == hex)
    }

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
