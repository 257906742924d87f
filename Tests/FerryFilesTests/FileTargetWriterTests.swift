import FerryCore
@testable import FerryFiles
import Foundation
import Testing

@Suite("File target writer")
struct FileTargetWriterTests {
    let scratch = Scratch()

    /// Every chunk of `source` as a typed batch of text columns.
    private func textBatches(_ source: any RecordSource) throws -> (Schema, [TypedBatch]) {
        var chunks: [RawBatch] = []
        while let chunk = try source.next() {
            #expect(chunk.rejected.isEmpty)
            chunks.append(chunk.rows)
        }
        let schema = Schema(columns: source.columns.map { Column(name: $0.name, type: .text, origin: .inferred) })
        let batches = chunks.map { raw in
            var typed = TypedBatch(schema: schema, capacity: raw.rowCount)
            for row in 0..<raw.rowCount {
                for column in 0..<schema.columns.count {
                    if let text = raw.text(row: row, column: column) {
                        typed.columns[column].append(text: text)
                    } else {
                        typed.columns[column].appendNull()
                    }
                }
                typed.lines.append(raw.rowLine[row])
            }
            return typed
        }
        return (schema, batches)
    }

    /// Reads `input` as `format` and writes it back to a new file of the same format.
    private func roundTrip(_ input: String, format: FileFormat, options: LoadOptions = LoadOptions(batchSize: 3)) throws -> String {
        let source = try scratch.open(scratch.endpoint("in.\(format.rawValue)", bytes: Array(input.utf8), format: format), options: options)
        let (schema, batches) = try textBatches(source)
        let target = scratch.dir.file("out.\(format.rawValue)")
        let writer = FileTargetWriter(endpoint: FileEndpoint(path: target, format: format), options: options)
        try writer.begin(schema: schema, mode: .create, key: [])
        for batch in batches { _ = try writer.write(batch) }
        try writer.commit()
        return String(decoding: scratch.dir.read("out.\(format.rawValue)") ?? [], as: UTF8.self)
    }

    /// Files in the scratch directory, to see that no temporary file is left.
    private func listing() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scratch.dir.path)) ?? []).sorted()
    }

    private static let schema = Schema(columns: [
        Column(name: "id", type: .bigint, origin: .declared), Column(name: "name", type: .text, origin: .declared),
    ])

    private static func rows(_ values: [(Int64, String?)]) -> TypedBatch {
        var batch = TypedBatch(schema: schema)
        for (id, name) in values {
            batch.columns[0].append(int: id)
            if let name { batch.columns[1].append(text: name) } else { batch.columns[1].appendNull() }
            batch.lines.append(batch.lines.count + 2)
        }
        return batch
    }

    @Test("canonical CSV reads and writes back to identical bytes")
    func csvRoundTrip() throws {
        let input = "id,comment,name\n1,\"a, b\",Дмитрий\n2,\"say \"\"hi\"\"\",太郎 🙂\n3,\"two\nlines\",\n4,\"\",x\n"
            + "5, spaced ,\"cr\r\nlf\"\n6,\"a\"\"b\",\"\"\"\"\n"
        #expect(try roundTrip(input, format: .csv) == input)
    }

    /// `../shared/bench/gen_csv.py` next to the repository, as bench/sqlite_load.py finds it.
    static let generator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/bench/gen_csv.py").path

    @Test("a CSV produced by bench/gen_csv.py survives a round trip byte for byte",
          .enabled(if: FileManager.default.fileExists(atPath: generator), "needs ../shared/bench/gen_csv.py beside the repository"))
    func generatedCSVRoundTrip() throws {
        let generator = Self.generator
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator, "--rows", "3000", "--seed", "7"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let input = String(decoding: data, as: UTF8.self)
        #expect(input.count > 100_000)
        #expect(try roundTrip(input, format: .csv, options: LoadOptions(batchSize: 1000)) == input)
    }

    @Test("canonical TSV reads and writes back to identical bytes")
    func tsvRoundTrip() throws {
        let input = "id\tcomment\tname\n1\ttab\\there\\nnew\\\\back\t\\N\n2\t\tСмирнова\n3\t\\r\\b\\f\\v\tx\n"
        #expect(try roundTrip(input, format: .tsv) == input)
    }

    @Test("JSON Lines output keeps types: numbers, booleans, embedded JSON, strings and null")
    func jsonlTypes() throws {
        let schema = Schema(columns: [
            Column(name: "i", type: .bigint, origin: .declared), Column(name: "d", type: .double, origin: .declared),
            Column(name: "m", type: .anyDecimal, origin: .declared), Column(name: "b", type: .boolean, origin: .declared),
            Column(name: "j", type: .json, origin: .declared), Column(name: "day", type: .date, origin: .declared),
            Column(name: "ts", type: .timestamptz, origin: .declared), Column(name: "t \"x\"", type: .text, origin: .declared),
        ])
        var batch = TypedBatch(schema: schema)
        batch.columns[0].append(int: -42)
        batch.columns[1].append(double: 1.5)
        batch.columns[2].append(text: "-12.30")
        batch.columns[3].append(int: 1)
        batch.columns[4].append(text: "{\"a\":[1,2]}")
        batch.columns[5].append(int: 19_000)
        batch.columns[6].append(int: 1_700_000_000_123_000)
        batch.columns[7].append(text: "q\"\\\n\u{01}é")
        batch.lines.append(1)
        batch.columns[0].appendNull()
        batch.columns[1].append(double: .nan)
        batch.columns[2].appendNull()
        batch.columns[3].append(int: 0)
        batch.columns[4].appendNull()
        batch.columns[5].appendNull()
        batch.columns[6].appendNull()
        batch.columns[7].append(text: "")
        batch.lines.append(2)
        batch.columns[0].append(int: 0)
        batch.columns[1].append(double: -.infinity)
        for c in 2..<8 { batch.columns[c].appendNull() }
        batch.lines.append(3)

        let path = scratch.dir.file("typed.jsonl")
        let writer = FileTargetWriter(endpoint: FileEndpoint(path: path, format: .jsonl), options: LoadOptions())
        try writer.begin(schema: schema, mode: .create, key: [])
        #expect(try writer.write(batch) == 3)
        try writer.commit()
        let lines = String(decoding: scratch.dir.read("typed.jsonl") ?? [], as: UTF8.self).split(separator: "\n")
        #expect(lines == [
            #"{"i":-42,"d":1.5,"m":-12.30,"b":true,"j":{"a":[1,2]},"day":"2022-01-08","ts":"2023-11-14 22:13:20.123Z","t \"x\"":"q\"\\\n\u0001é"}"#,
            #"{"i":null,"d":"NaN","m":null,"b":false,"j":null,"day":null,"ts":null,"t \"x\"":""}"#,
            #"{"i":0,"d":"-Infinity","m":null,"b":null,"j":null,"day":null,"ts":null,"t \"x\"":null}"#,
        ])
        for line in lines { #expect(throws: Never.self) { try JSONParser.parse(Array(line.utf8)) } }
    }

    @Test("create refuses an existing file at begin and leaves it untouched")
    func createRefuses() throws {
        let path = scratch.file("exists.csv", "old\n")
        let writer = FileTargetWriter(endpoint: FileEndpoint(path: path, format: .csv), options: LoadOptions())
        let error = ferryError { try writer.begin(schema: Self.schema, mode: .create, key: []) }
        #expect(error?.code == .targetExists)
        #expect(scratch.dir.read("exists.csv") == Array("old\n".utf8))
        #expect(listing() == ["exists.csv"])
    }

    @Test("create never overwrites a file that appears between begin and commit")
    func createRace() throws {
        let path = scratch.dir.file("race.csv")
        let writer = FileTargetWriter(endpoint: FileEndpoint(path: path, format: .csv), options: LoadOptions())
        try writer.begin(schema: Self.schema, mode: .create, key: [])
        _ = try writer.write(Self.rows([(1, "a")]))
        scratch.file("race.csv", "someone else\n")
        let error = ferryError { try writer.commit() }
        #expect(error?.code == .targetExists)
        #expect(scratch.dir.read("race.csv") == Array("someone else\n".utf8))
        #expect(listing() == ["race.csv"])
    }

    @Test("rollback leaves no file behind, not even the temporary one")
    func rollbackLeavesNothing() throws {
        let path = scratch.dir.file("never.csv")
        let writer = FileTargetWriter(endpoint: FileEndpoint(path: path, format: .csv), options: LoadOptions())
        try writer.begin(schema: Self.schema, mode: .create, key: [])
        _ = try writer.write(Self.rows([(1, "a"), (2, nil)]))
        #expect(listing().count == 1)
        writer.rollback()
        writer.rollback()
        #expect(listing().isEmpty)
    }

    @Test("replace swaps the file only at commit")
    func replace() throws {
        let path = scratch.file("r.csv", "old\n")
        let writer = FileTargetWriter(endpoint: FileEndpoint(path: path, format: .csv), options: LoadOptions())
        try writer.begin(schema: Self.schema, mode: .replace, key: [])
        _ = try writer.write(Self.rows([(1, ""), (2, nil)]))
        #expect(scratch.dir.read("r.csv") == Array("old\n".utf8))
        try writer.commit()
        #expect(scratch.dir.read("r.csv") == Array("id,name\n1,\"\"\n2,\n".utf8))
        #expect(listing() == ["r.csv"])
    }

    @Test("append adds rows after a matching header and refuses a different one")
    func append() throws {
        let path = scratch.file("a.csv", "id,name\n1,x")
        let writer = FileTargetWriter(endpoint: FileEndpoint(path: path, format: .csv), options: LoadOptions())
        try writer.begin(schema: Self.schema, mode: .append, key: [])
        _ = try writer.write(Self.rows([(2, "y")]))
        try writer.commit()
        #expect(scratch.dir.read("a.csv") == Array("id,name\n1,x\n2,y\n".utf8))

        let other = scratch.file("b.csv", "id,title\n1,x\n")
        let mismatch = FileTargetWriter(endpoint: FileEndpoint(path: other, format: .csv), options: LoadOptions())
        let error = ferryError { try mismatch.begin(schema: Self.schema, mode: .append, key: []) }
        #expect(error?.code == .targetSchemaMismatch)
        #expect(scratch.dir.read("b.csv") == Array("id,title\n1,x\n".utf8))
        #expect(listing() == ["a.csv", "b.csv"])
    }

    @Test("upsert and update are refused for files")
    func keyedModes() throws {
        let writer = FileTargetWriter(endpoint: FileEndpoint(path: scratch.dir.file("k.csv"), format: .csv), options: LoadOptions())
        #expect(ferryError { try writer.begin(schema: Self.schema, mode: .upsert, key: ["id"]) }?.code == .unsupported)
        #expect(writer.valueLimits == .none)
        #expect(try writer.existingColumns() == nil)
    }

    @Test("a missing target directory is target_not_found")
    func missingDirectory() throws {
        let writer = FileTargetWriter(endpoint: FileEndpoint(path: scratch.dir.file("no/such/dir/x.csv"), format: .csv), options: LoadOptions())
        let error = ferryError { try writer.begin(schema: Self.schema, mode: .create, key: []) }
        #expect(error?.code == .targetNotFound)
        #expect(error?.driver?.code == "ENOENT")
    }

    @Test("after interrupt the next write stops with cancelled")
    func interrupt() throws {
        let writer = FileTargetWriter(endpoint: FileEndpoint(path: scratch.dir.file("i.csv"), format: .csv), options: LoadOptions())
        try writer.begin(schema: Self.schema, mode: .create, key: [])
        _ = try writer.write(Self.rows([(1, "a")]))
        writer.interrupter.interrupt()
        #expect(ferryError { try writer.write(Self.rows([(2, "b")])) }?.code == .cancelled)
        writer.rollback()
        #expect(listing().isEmpty)
    }
}
