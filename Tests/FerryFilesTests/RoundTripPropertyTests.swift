import FerryCore
@testable import FerryFiles
import Testing

/// A seeded generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random values written by the file target and read back by the readers, and random bytes fed
/// to the readers, at several chunk sizes.
@Suite("Round trips of random values")
struct RoundTripPropertyTests {
    let scratch = Scratch()

    private static let pieces = ["a", "b", ",", ";", "\"", "'", "\\", "\n", "\r", "\r\n", "\t", " ", "N", "\\N", "é", "Ж", "中", "🙂", "x,y", "\"\""]

    private static func randomRows(_ rng: inout SplitMix64, rows: Int, columns: Int) -> [[String?]] {
        (0..<rows).map { _ in
            (0..<columns).map { _ -> String? in
                if Int.random(in: 0..<8, using: &rng) == 0 { return nil }
                let length = Int.random(in: 0..<6, using: &rng)
                return (0..<length).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined()
            }
        }
    }

    private static func batch(_ rows: [[String?]], schema: Schema) -> TypedBatch {
        var batch = TypedBatch(schema: schema)
        for row in rows {
            for (column, value) in row.enumerated() {
                if let value { batch.columns[column].append(text: value) } else { batch.columns[column].appendNull() }
            }
            batch.lines.append(batch.lines.count + 2)
        }
        return batch
    }

    @Test("values written as CSV or TSV read back exactly, in chunks of any size", arguments: [
        (FileFormat.csv, LoadOptions()),
        (FileFormat.csv, LoadOptions(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"), escape: UInt8(ascii: "\\"))),
        (FileFormat.csv, LoadOptions(nullMarkers: ["N"])),
        (FileFormat.tsv, LoadOptions()),
        (FileFormat.tsv, LoadOptions(delimiter: UInt8(ascii: ","), nullMarkers: ["N"])),
    ])
    func writtenValuesReadBack(format: FileFormat, options: LoadOptions) throws {
        var rng = SplitMix64(state: 42)
        let schema = Schema(columns: (1...4).map { Column(name: "c\($0)", type: .text, origin: .declared) })
        for round in 0..<20 {
            let rows = Self.randomRows(&rng, rows: 30, columns: 4)
            let path = scratch.dir.file("rt\(round).\(format.rawValue)")
            let writer = FileTargetWriter(endpoint: FileEndpoint(path: path, format: format), options: options)
            try writer.begin(schema: schema, mode: .create, key: [])
            _ = try writer.write(Self.batch(rows, schema: schema))
            try writer.commit()
            for chunkSize in [1, 3, 17, 1 << 20] {
                let source = try scratch.open(FileEndpoint(path: path, format: format), options: options, chunkSize: chunkSize)
                let read = try readAll(source)
                #expect(read.columns == schema.names)
                #expect(read.rejects.isEmpty)
                #expect(read.rows == rows, "round \(round), chunk size \(chunkSize)")
            }
        }
    }

    @Test("random bytes never crash a reader and read the same in any chunk size", arguments: [FileFormat.csv, .tsv, .jsonl])
    func randomBytes(format: FileFormat) throws {
        var rng = SplitMix64(state: 7)
        let alphabet: [UInt8] = Array(",\"\\\t\n\r{}[]:ab0 N".utf8) + [0xC3, 0xA9, 0xFF, 0xE2, 0x82]
        for _ in 0..<40 {
            let bytes = (0..<Int.random(in: 0..<200, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            let endpoint = scratch.endpoint("random.\(format.rawValue)", bytes: bytes, format: format, compression: .none)
            let options = LoadOptions(header: false, batchSize: 3)
            let whole = try readAll(scratch.open(endpoint, options: options))
            for chunkSize in [1, 2, 5, 64] {
                let cut = try readAll(scratch.open(endpoint, options: options, chunkSize: chunkSize))
                #expect(cut == whole)
            }
            #expect(whole.chunkSizes.allSatisfy { $0 <= 3 })
            for row in whole.rows where format != .jsonl {
                #expect(row.count == whole.columns.count)
            }
        }
    }
}
