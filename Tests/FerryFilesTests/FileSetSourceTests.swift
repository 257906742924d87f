import FerryCore
import FerryFiles
import FerryTestSupport
import Testing

@Suite("File set source")
struct FileSetSourceTests {
    let dir = TemporaryDirectory()

    private func open(_ names: [String], unionByName: Bool = false, provenance: Bool = false) throws -> FileSetSource {
        var options = LoadOptions()
        (options.unionByName, options.provenance) = (unionByName, provenance)
        let report = FileSetReport(isSet: true, parts: names.map { FileSetReport.Part(path: dir.file($0)) })
        return try FileSetSource(endpoint: FileEndpoint(path: dir.file(names[0]), format: .csv), options: options, report: report)
    }

    /// Every row of `source` as field texts ("∅" for NULL), with the file each batch names.
    private func rows(_ source: FileSetSource) throws -> [[String]] {
        var out: [[String]] = []
        while let chunk = try source.next() {
            for row in 0..<chunk.rows.rowCount {
                out.append((0..<chunk.rows.fieldCount(row: row)).map { chunk.rows.text(row: row, column: $0) ?? "∅" })
            }
        }
        return out
    }

    @Test("a file whose header differs fails before any row, naming it and the columns")
    func mismatch() throws {
        dir.write("a.csv", "id,amount\n1,2\n")
        dir.write("b.csv", "id,total\n3,4\n")
        let error = #expect(throws: FerryError.self) { try open(["a.csv", "b.csv"]) }
        #expect(error?.code == .sourceSchema)
        #expect(error?.message.contains(dir.file("b.csv")) == true)
        #expect(error?.message.contains("lacks \"amount\"") == true)
        #expect(error?.message.contains("has \"total\" besides") == true)
    }

    @Test("union by name: columns in order of first appearance, missing ones NULL, NFC and NFD kept apart")
    func unionByName() throws {
        dir.write("a.csv", "id,caf\u{E9}\n1,x\n")
        dir.write("b.csv", "cafe\u{301},id,extra\ny,2,z\n")
        let source = try open(["a.csv", "b.csv"], unionByName: true)
        #expect(source.columns.map { Array($0.name.utf8) } == [Array("id".utf8), Array("caf\u{E9}".utf8), Array("cafe\u{301}".utf8), Array("extra".utf8)])
        #expect(try rows(source) == [["1", "x", "∅", "∅"], ["2", "∅", "y", "z"]])
    }

    @Test("provenance fields come first and give each record's file and first line; the counts are per file")
    func provenance() throws {
        dir.write("a.csv", "id,note\n1,\"two\nlines\"\n2,x\n")
        dir.write("b.csv", "id,note\n3,y\n")
        let source = try open(["a.csv", "b.csv"], provenance: true)
        #expect(source.columns.map(\.name) == ["_source_file", "_source_line", "id", "note"])
        let read = try rows(source)
        #expect(read.map { Array($0.prefix(3)) } == [[dir.file("a.csv"), "2", "1"], [dir.file("a.csv"), "4", "2"], [dir.file("b.csv"), "2", "3"]])
        let parts = try #require(source.fileSet).parts
        #expect(parts.map(\.rowsRead) == [2, 1])
        #expect(parts.allSatisfy { $0.fingerprint != nil })
    }
}
