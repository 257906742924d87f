import FerryCore
import FerryEngine
import Testing

/// Typing a large batch (many blocks of rows, values stored by index) against typing each of its
/// rows alone: the values, lines and rejects must be the same.
@Suite("Typist blocks")
struct TypingBlockTests {
    static let schema = Schema(columns: [
        Column(name: "i", type: .bigint, nullable: false, origin: .declared),
        Column(name: "d", type: .double, origin: .declared),
        Column(name: "m", type: .decimal(precision: 6, scale: 2), origin: .declared),
        Column(name: "b", type: .boolean, origin: .declared),
        Column(name: "day", type: .date, origin: .declared),
        Column(name: "ts", type: .timestamp, origin: .declared),
        Column(name: "tz", type: .timestamptz, origin: .declared),
        Column(name: "u", type: .uuid, origin: .declared),
        Column(name: "j", type: .json, origin: .declared),
        Column(name: "t", type: .text, origin: .declared),
    ])

    /// Per column: texts that type, texts that do not.
    static let samples: [([String], [String])] = [
        (["0", "-42", "007", "9223372036854775807"], ["x", "1.5", "9223372036854775808"]),
        (["0.1", "-2.25", "1e5", "NaN", "-Infinity"], ["abc", "1e"]),
        (["1.50", "-12.3", "0"], ["1.555", "12345.6", "x"]),
        (["t", "false", "yes"], ["maybe"]),
        (["2024-02-29", "0001-01-01"], ["2023-02-29", "2024-01-01 10:00:00"]),
        (["2024-01-01 10:00:00.5", "2024-01-01"], ["2024-01-01 10:00:00+02", "2024-13-01"]),
        (["2024-01-01 10:00:00+02", "2019-05-02 18:24:40.238+00"], ["2024-01-01 10:00:00", "x"]),
        (["123E4567-E89B-42D3-A456-426614174ABC"], ["no-uuid"]),
        (["{\"a\": [1, 2.50]}", "[]"], ["{", "[1,]"]),
        (["", "héllo", "tab\there"], ["nul\u{0}byte"]),
    ]

    static func randomRows(_ rng: inout BlockRandom, count: Int) -> [[String?]] {
        (0 ..< count).map { _ in
            samples.map { good, bad -> String? in
                switch Int.random(in: 0 ..< 40, using: &rng) {
                case 0: nil
                case 1: bad[Int.random(in: 0 ..< bad.count, using: &rng)]
                default: good[Int.random(in: 0 ..< good.count, using: &rng)]
                }
            }
        }
    }

    @Test("a batch of many blocks types exactly as its rows do one by one", arguments: [ValueLimits.none, ValueLimits(targetName: "PostgreSQL", allowsNULInText: false)])
    func blocksMatchRows(limits: ValueLimits) {
        var rng = BlockRandom(state: 2024)
        let rows = Self.randomRows(&rng, count: 1500)
        let typist = Typist(schema: Self.schema, fieldIndex: Array(Self.schema.columns.indices), limits: limits)

        var whole = TypedBatch(schema: Self.schema)
        var wholeRejects: [RejectedRecord] = []
        typist.type(TypingFixtures.batch(rows), into: &whole, rejects: &wholeRejects)

        var single = TypedBatch(schema: Self.schema)
        var singleRejects: [RejectedRecord] = []
        for (i, row) in rows.enumerated() {
            typist.type(TypingFixtures.batch([row], firstLine: 2 + i), into: &single, rejects: &singleRejects)
        }

        #expect(whole.rowCount > 1000 && wholeRejects.count > 100)
        #expect(whole.lines == single.lines)
        for c in Self.schema.columns.indices {
            #expect(TypingFixtures.texts(whole.columns[c]) == TypingFixtures.texts(single.columns[c]), "\(Self.schema.columns[c].name)")
            #expect(whole.columns[c].isNull == single.columns[c].isNull)
        }
        #expect(wholeRejects == singleRejects)
    }
}

/// A seeded generator (SplitMix64), so a failure reproduces.
struct BlockRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
