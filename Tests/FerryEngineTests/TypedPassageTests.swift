import FerryCore
@testable import FerryEngine
import Testing

@Suite("Typed source chunks")
struct TypedPassageTests {
    static let source = [
        SourceColumn(name: "id", type: .bigint, nullable: false),
        SourceColumn(name: "amount", type: .decimal(precision: 12, scale: 2)),
        SourceColumn(name: "code", type: .uuid),
        SourceColumn(name: "note", type: .text),
    ]

    static func chunk(ids: [Int64?], amounts: [String], notes: [String?]) -> TypedBatch {
        let schema = Schema(columns: source.map { Column(name: $0.name, type: $0.type!, nullable: $0.nullable, origin: .source) })
        var batch = TypedBatch(schema: schema)
        for (row, id) in ids.enumerated() {
            if let id { batch.columns[0].append(int: id) } else { batch.columns[0].appendNull() }
            batch.columns[1].append(text: amounts[row])
            batch.columns[2].append(text: "0f0e0d0c-0b0a-4908-8706-050403020100")
            if let note = notes[row] { batch.columns[3].append(text: note) } else { batch.columns[3].appendNull() }
            batch.lines.append(row + 1)
        }
        return batch
    }

    static func schema(idLimit: ColumnLimit? = nil, idNullable: Bool = true, amount: ColumnType = .decimal(precision: 12, scale: 2)) -> Schema {
        Schema(columns: [
            Column(name: "note", type: .text, origin: .target),
            Column(name: "id", type: .bigint, nullable: idNullable, origin: .target, limit: idLimit),
            Column(name: "amount", type: amount, origin: .target),
            Column(name: "code", type: .text, origin: .target),
        ])
    }

    static let fieldIndex: [Int?] = [3, 0, 1, 2]
    static let postgres = ValueLimits(targetName: "PostgreSQL", allowsNULInText: false)

    /// What the text path makes of the chunk: its canonical texts, typed.
    static func typedFromText(_ chunk: TypedBatch, schema: Schema) -> (TypedBatch, [RejectedRecord]) {
        let typist = Typist(schema: schema, fieldIndex: fieldIndex, limits: postgres)
        var out = TypedBatch(schema: schema)
        var rejects: [RejectedRecord] = []
        typist.type(RawBatch(rendering: chunk), into: &out, rejects: &rejects)
        return (out, rejects)
    }

    static func same(_ a: TypedBatch, _ b: TypedBatch) -> Bool {
        a.lines == b.lines && zip(a.columns, b.columns).allSatisfy {
            $0.type == $1.type && $0.isNull == $1.isNull && $0.ints == $1.ints && $0.doubles == $1.doubles && $0.bytes == $1.bytes && $0.ends == $1.ends
        }
    }

    @Test("a chunk the schema takes as it is passes through, equal to what its texts type to")
    func passesThrough() throws {
        let chunk = Self.chunk(ids: [1, 2, 3], amounts: ["12.50", "-0.25", "7"], notes: ["a,b", nil, ""])
        let schema = Self.schema(amount: .decimal(precision: 14, scale: 3))
        let passage = try #require(TypedPassage(schema: schema, fieldIndex: Self.fieldIndex, sourceColumns: Self.source, limits: Self.postgres))
        let passed = try #require(passage.batch(from: chunk))
        let (text, rejects) = Self.typedFromText(chunk, schema: schema)
        #expect(rejects.isEmpty)
        #expect(Self.same(passed, text))
    }

    @Test("values that need the Typist send the chunk down the text path", arguments: [
        (Self.schema(idNullable: false), [nil, 2] as [Int64?], ["1.00", "2.00"], ["x", "y"] as [String?]),
        (Self.schema(idLimit: .integerRange(min: -2_147_483_648, max: 2_147_483_647, typeName: "integer")), [1, 1 << 40], ["1.00", "2.00"], ["x", "y"]),
        (Self.schema(amount: .decimal(precision: 3, scale: 2)), [1, 2], ["1.00", "12.00"], ["x", "y"]),
        (Self.schema(), [1, 2], ["1.00", "2.00"], ["x", "a\u{0}b"]),
    ])
    func fallsBack(schema: Schema, ids: [Int64?], amounts: [String], notes: [String?]) throws {
        let chunk = Self.chunk(ids: ids, amounts: amounts, notes: notes)
        let passage = try #require(TypedPassage(schema: schema, fieldIndex: Self.fieldIndex, sourceColumns: Self.source, limits: Self.postgres))
        #expect(passage.batch(from: chunk) == nil)
        // The text path rejects exactly the second or first row, with its record as CSV.
        let (_, rejects) = Self.typedFromText(chunk, schema: schema)
        #expect(rejects.count == 1)
    }

    @Test("a decimal passes as it is only in the plain form, within the scale and integer digits", arguments: [
        ("0", true), ("-7", true), ("12.50", true), ("0012.50", true), ("-0.25", true), ("1234567890.12", true),
        ("12345678901.00", false), ("1.234", false), ("NaN", false), ("Infinity", false), ("-Infinity", false),
        ("1e5", false), ("+5", false), (".5", false), ("5.", false), ("-", false), ("", false), ("1.2.3", false),
        ("1 ", false), ("٣", false),
    ])
    func plainDecimal(text: String, passes: Bool) {
        let rules = DecimalRules(.decimal(precision: 12, scale: 2))
        let plain = Array(text.utf8).withUnsafeBytes {
            TypedPassage.isPlainDecimal($0, maxScale: rules.scale ?? .max, maxIntegerDigits: rules.integerDigits ?? .max)
        }
        #expect(plain == passes)
    }

    @Test("a set NULL flag is found at every position of every length")
    func anyTrue() {
        for length in 0 ... 20 {
            #expect(!TypedPassage.anyTrue(Array(repeating: false, count: length)))
            for position in 0 ..< length {
                var flags = Array(repeating: false, count: length)
                flags[position] = true
                #expect(TypedPassage.anyTrue(flags), "\(position) of \(length)")
            }
        }
    }

    @Test("a schema that takes a source column in another type, or lacks one, has no passage")
    func noPassage() {
        var schema = Self.schema()
        schema.columns[1].type = .text
        #expect(TypedPassage(schema: schema, fieldIndex: Self.fieldIndex, sourceColumns: Self.source, limits: Self.postgres) == nil)
        #expect(TypedPassage(schema: Self.schema(), fieldIndex: [3, 0, 1, nil], sourceColumns: Self.source, limits: Self.postgres) == nil)
    }

    @Test("a typed row's record is its canonical texts as one CSV line")
    func records() {
        let chunk = Self.chunk(ids: [7], amounts: ["-0.25"], notes: ["say \"hi\", twice"])
        let raw = RawBatch(rendering: chunk)
        #expect(String(decoding: raw.record(row: 0), as: UTF8.self) == "7,-0.25,0f0e0d0c-0b0a-4908-8706-050403020100,\"say \"\"hi\"\", twice\"")
        #expect(raw.rowLine == [1])
    }
}
