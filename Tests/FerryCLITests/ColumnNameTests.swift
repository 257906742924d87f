import FerryCore
import FerryTestSupport
import Foundation
import Testing

/// Column names are compared as the target compares them: by bytes, and ignoring ASCII case where
/// the target does.
@Suite("Column names")
struct ColumnNameTests {
    let dir = TemporaryDirectory()

    @Test("a header with a and A fails before loading into SQLite, as a and a does (exit 4, source_schema)", arguments: ["a,A", "a,a"])
    func caseClash(header: String) throws {
        dir.write("in.csv", header + "\n1,2\n")
        let out = try FerryBinary.run(["load", "in.csv", "--json"], in: dir.path)
        #expect(out.status == 4)
        #expect(out.last?.at("error.code")?.stringValue == "source_schema")
        #expect(!FileManager.default.fileExists(atPath: dir.file("ferry.db")))
    }

    @Test("NFC and NFD spellings of a JSON Lines key are two columns, with a warning, never silently merged")
    func canonicalTwins() throws {
        let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
        dir.write("in.jsonl", "{\"\(nfc)\": 1, \"\(nfd)\": 2}\n")
        let out = try FerryBinary.run(["load", "in.jsonl", "--table", "t", "--json"], in: dir.path)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.events.contains { $0.at("code")?.stringValue == "column_names_look_alike" })
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select * from t") == "1|2\n")
    }

    @Test("a key canonically equal to an ASCII one (KELVIN SIGN and K) is a column of its own too")
    func kelvinSign() throws {
        dir.write("in.jsonl", "{\"K\": 1, \"\u{212A}\": 2}\n{\"\u{212A}\": 3, \"K\": 4}\n")
        let out = try FerryBinary.run(["load", "in.jsonl", "--table", "t", "--json"], in: dir.path)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select * from t order by rowid") == "1|2\n4|3\n")
    }

    @Test("a clash is found by bytes, and with ASCII case folded only where asked")
    func firstClash() {
        #expect(ColumnName.firstClash(in: ["a", "A"], foldingCase: false) == nil)
        #expect(ColumnName.firstClash(in: ["a", "A"], foldingCase: true)! == ("a", "A"))
        #expect(ColumnName.firstClash(in: ["caf\u{E9}", "cafe\u{301}"], foldingCase: true) == nil)
        #expect(ColumnName.canonicalTwins(in: ["caf\u{E9}", "x", "cafe\u{301}"]).count == 1)
    }
}

@Suite("Inference within the target's exactness")
struct InferenceExactnessTests {
    let dir = TemporaryDirectory()

    @Test("decimals over 15 digits and integers beyond bigint load into SQLite as text, exactly, instead of being rejected")
    func wideNumbersBecomeText() throws {
        dir.write("in.csv", "amount,big,small\n1234567890.1234567,123456789012345678901,1.5\n2.25,7,2.5\n")
        let out = try FerryBinary.run(["load", "in.csv", "--table", "t", "--json"], in: dir.path)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.last?.at("rows_rejected")?.intValue == 0)
        let types = try SQLiteShell.query(dir.file("ferry.db"), "select type from pragma_table_info('t') order by cid")
        #expect(types.split(separator: "\n").first.map(String.init) == "TEXT")
        #expect(types.split(separator: "\n").last.map(String.init) != "TEXT")
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select amount, big from t order by rowid")
            == "1234567890.1234567|123456789012345678901\n2.25|7\n")
    }
}
