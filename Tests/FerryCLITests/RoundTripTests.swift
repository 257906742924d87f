import Foundation
import FerryCore
import FerryTestSupport
import Testing

/// Loads into SQLite and exports back, through the real binary.
@Suite("Round trips")
struct RoundTripTests {
    let dir = TemporaryDirectory()

    /// A minimal RFC 4180 reader, independent of Ferry's: nil is an unquoted empty field (NULL).
    static func records(_ text: String) -> [[String?]] {
        var out: [[String?]] = []
        var row: [String?] = []
        var field = ""
        var quoted = false
        var inQuotes = false
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        func endField() { row.append(field.isEmpty && !quoted ? nil : field); field = ""; quoted = false }
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { inQuotes = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { inQuotes = true; quoted = true }
            else if c == "," { endField() }
            else if c == "\r" && i + 1 < chars.count && chars[i + 1] == "\n" { }
            else if c == "\n" { endField(); out.append(row); row = [] }
            else { field.unicodeScalars.append(c) }
            i += 1
        }
        if !row.isEmpty || !field.isEmpty { endField(); out.append(row) }
        return out
    }

    @Test("quoted newlines, BOM, CRLF, empty versus NULL and non-Latin text survive load and export exactly")
    func csvThroughSQLite() throws {
        let rows = [
            "id,name,note,city",
            "1,Zoë,\"line one\r\nline two\",Kraków",
            "2,,\"\",東京",
            "3,\"Ив\"\"ан\",\"a, b\",",
            "4,محمد,\"tab\there\",São Paulo",
            "5,😀 emoji,\" leading and trailing \",Αθήνα",
        ]
        let original = "\u{FEFF}" + rows.joined(separator: "\r\n") + "\r\n"
        dir.write("people.csv", original)
        let load = try FerryBinary.run(["load", "people.csv", "--json"], in: dir.path)
        #expect(load.status == 0, "\(load.stderr)")
        #expect(load.last?.at("rows_written")?.intValue == 5)
        let export = try FerryBinary.run(["load", "sqlite:ferry.db", "--source-table", "people", "--to", "out.csv"], in: dir.path)
        #expect(export.status == 0, "\(export.stderr)")
        let exported = String(decoding: try #require(dir.read("out.csv")), as: UTF8.self)
        #expect(Self.records(exported) == Self.records(original))
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select count(*) from people where name is null") == "1\n")
        #expect(try SQLiteShell.query(dir.file("ferry.db"), "select count(*) from people where note = ''") == "1\n")
    }

    @Test("typed columns keep their values through SQLite and a JSON Lines export")
    func typedThroughJSONLines() throws {
        dir.write("t.csv", """
        id,amount,ok,day,at,uid,zip
        1,12.50,true,2024-02-29,2024-02-29T23:59:59.5+02:00,6F1D2C9E-6A9B-4C1E-9A58-0D7A2E4B1F01,02134
        2,-0.01,false,1999-12-31,1999-12-31T00:00:00Z,0b8e4a57-3d2f-4f6e-8b71-5c9d0e1a2b03,00501

        """)
        let load = try FerryBinary.run(["load", "t.csv", "--json"], in: dir.path)
        #expect(load.status == 0, "\(load.stderr)")
        let schema = try #require(load.events.first { $0.at("type")?.stringValue == "schema_resolved" })
        guard case let .array(columns)? = schema.at("columns") else { Issue.record("no columns"); return }
        #expect(columns.compactMap { $0.at("type")?.stringValue } == ["bigint", "decimal", "boolean", "date", "timestamptz", "uuid", "text"])
        let export = try FerryBinary.run(["load", "sqlite:ferry.db", "--source-table", "t", "--to", "t.jsonl"], in: dir.path)
        #expect(export.status == 0, "\(export.stderr)")
        let lines = String(decoding: try #require(dir.read("t.jsonl")), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.first == #"{"id":1,"amount":12.5,"ok":true,"day":"2024-02-29","at":"2024-02-29 21:59:59.5Z","uid":"6f1d2c9e-6a9b-4c1e-9a58-0d7a2e4b1f01","zip":"02134"}"#)
        #expect(lines.last == #"{"id":2,"amount":-0.01,"ok":false,"day":"1999-12-31","at":"1999-12-31 00:00:00Z","uid":"0b8e4a57-3d2f-4f6e-8b71-5c9d0e1a2b03","zip":"00501"}"#)
    }
}
