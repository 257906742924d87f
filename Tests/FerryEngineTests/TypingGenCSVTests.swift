import FerryCore
import FerryEngine
import Foundation
import Testing

/// Types rows shaped like `bench/gen_csv.py`'s: no rejects, the inferred types, exact read-back.
/// (Speed is measured by bench/, never asserted in a test.)
///
/// By default the rows come from a generator with the same column shapes (deterministic, 200,000
/// rows); `FERRY_TYPING_BENCH_ROWS` changes the count and `FERRY_TYPING_BENCH_CSV` names a file
/// written by gen_csv.py to type instead.
@Suite("Typing gen_csv rows")
struct TypingGenCSVTests {
    static let schema = Schema(columns: [
        Column(name: "id", type: .bigint, nullable: false, origin: .declared),
        Column(name: "customer", type: .uuid, nullable: false, origin: .declared),
        Column(name: "comment", type: .text, origin: .declared),
        Column(name: "qty", type: .bigint, nullable: false, origin: .declared),
        Column(name: "amount", type: .anyDecimal, nullable: false, origin: .declared),
        Column(name: "active", type: .boolean, nullable: false, origin: .declared),
        Column(name: "order_date", type: .date, nullable: false, origin: .declared),
        Column(name: "created_at", type: .timestamptz, nullable: false, origin: .declared),
        Column(name: "parent_id", type: .bigint, origin: .declared),
        Column(name: "name", type: .text, nullable: false, origin: .declared),
    ])
    static let batchRows = 8192

    @Test("gen_csv-shaped rows type without rejects and infer to the declared types")
    func genCSVRows() throws {
        let environment = ProcessInfo.processInfo.environment
        let batches: [RawBatch]
        if let path = environment["FERRY_TYPING_BENCH_CSV"] {
            batches = try TypingCSVSplitter.batches(of: Array(Data(contentsOf: URL(fileURLWithPath: path))), rows: Self.batchRows)
        } else {
            let rows = environment["FERRY_TYPING_BENCH_ROWS"].flatMap(Int.init) ?? 20_000
            batches = TypingRowGenerator.batches(rows: rows, batchRows: Self.batchRows)
        }
        let rowCount = batches.reduce(0) { $0 + $1.rowCount }
        let typist = Typist(schema: Self.schema, fieldIndex: Array(0 ..< 10), limits: .none)
        var typedRows = 0
        var rejected: [RejectedRecord] = []
        for batch in batches {
            var out = TypedBatch(schema: Self.schema, capacity: batch.rowCount)
            typist.type(batch, into: &out, rejects: &rejected)
            typedRows += out.rowCount
        }
        #expect(rejected.isEmpty)
        #expect(typedRows == rowCount)

        // Inference over the same rows finds the declared types (amount: decimal; customer: uuid).
        var inference = SchemaInference(columnCount: 10)
        for batch in batches.prefix(4) { _ = inference.observe(batch, limit: nil) }
        #expect((0 ..< 10).map { inference.type(ofColumn: $0) } == Self.schema.columns.map(\.type))
        #expect((0 ..< 10).map { inference.sawNull(inColumn: $0) } == [false, false, false, false, false, false, false, false, true, false])

        // Every value of the first batch reads back as its input (timestamps: as the same instant).
        let first = try #require(batches.first)
        var out = TypedBatch(schema: Self.schema)
        var none: [RejectedRecord] = []
        typist.type(first, into: &out, rejects: &none)
        for row in 0 ..< first.rowCount {
            for c in [0, 1, 2, 3, 4, 5, 6, 8, 9] {
                let typed = out.columns[c].isNull[row] ? nil : ValueFormatter.text(out.columns[c], row: row)
                #expect(typed == first.text(row: row, column: c))
            }
        }
    }
}

/// A deterministic generator of rows with gen_csv.py's column shapes.
enum TypingRowGenerator {
    private static let words = ["order", "shipped", "pending", "customer", "express", "delivery", "invoice",
                                "refund", "partial", "item", "warehouse", "box", "fragile", "gift", "wrap"]
    private static let names = ["James Smith", "María García", "Łukasz Nowak", "Дмитрий Иванов", "太郎 山田",
                                "محمد العلي", "Nguyễn Trần", "Zoë Müller 🙂", "Chloé Lefèvre", "Søren Østergaard"]
    private static let offsets = ["+00:00", "+00:00", "+01:00", "+02:00", "-05:00", "-08:00", "+05:30", "+09:00"]

    static func batches(rows: Int, batchRows: Int) -> [RawBatch] {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let s = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - s.count)) + s.suffix(digits)
        }
        func two(_ v: UInt64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var batches: [RawBatch] = []
        var row = 0
        while row < rows {
            var fields: [[String?]] = []
            for _ in 0 ..< min(batchRows, rows - row) {
                row += 1
                let a = next()
                let b = next()
                let customer = "\(hex(a >> 32, 8))-\(hex(a >> 16, 4))-4\(hex(a, 3))-\(hex(8 + b % 4, 1))\(hex(b >> 8, 3))-\(hex(b >> 20, 12))"
                let wordCount = 2 + Int(next() % 6)
                var comment = (0 ..< wordCount).map { _ in words[Int(next() % UInt64(words.count))] }.joined(separator: " ")
                if next() % 8 == 0 { comment += ", \(words[Int(next() % 15)]), and more" }
                let r = next() % 100
                let qty = r < 70 ? 1 + next() % 16 : next() % 100_000
                let amount = "\(next() % 100_000).\(two(next() % 100))"
                let day = next() % 2557
                let (y, m, d) = CivilDate.fromDays(Int(CivilDate.days(year: 2019, month: 1, day: 1)) + Int(day))
                let date = CivilDate.format(year: y, month: m, day: d)
                let second = next() % 86400
                let millis = next() % 1000
                let created = "\(date)T\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))."
                    + String(repeating: "0", count: millis < 10 ? 2 : millis < 100 ? 1 : 0) + "\(millis)"
                    + offsets[Int(next() % UInt64(offsets.count))]
                let parent: String? = next() % 10 < 3 || row == 1 ? nil : String(1 + next() % UInt64(row))
                fields.append([
                    String(row), customer, next() % 200 == 0 ? "" : comment, r < 2 ? "-\(qty % 1000)" : String(qty),
                    amount, next() % 2 == 0 ? "true" : "false", date, created, parent,
                    names[Int(next() % UInt64(names.count))],
                ])
            }
            batches.append(TypingFixtures.batch(fields, firstLine: row - fields.count + 2))
        }
        return batches
    }
}

/// A minimal RFC 4180 splitter for gen_csv.py output (header skipped; an unquoted empty field is
/// NULL, `""` an empty string), good enough to feed the throughput test real files.
enum TypingCSVSplitter {
    static func batches(of bytes: [UInt8], rows batchRows: Int) throws -> [RawBatch] {
        var batches: [RawBatch] = []
        var batch = RawBatch()
        var i = 0
        var line = 1
        // Skip the header.
        while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        i += 1
        line += 1
        while i < bytes.count {
            let recordStart = batch.storage.count
            let recordLine = line
            var field: [UInt8] = []
            var quoted = false
            var atFieldStart = true
            var wasQuoted = false
            var fields: [[UInt8]?] = []
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                if quoted {
                    if b == 0x22 {
                        if i < bytes.count, bytes[i] == 0x22 { field.append(0x22); i += 1 } else { quoted = false }
                    } else {
                        if b == 0x0A { line += 1 }
                        field.append(b)
                    }
                    continue
                }
                if b == 0x22, atFieldStart {
                    quoted = true
                    wasQuoted = true
                    atFieldStart = false
                    continue
                }
                if b == 0x2C || b == 0x0A {
                    fields.append(field.isEmpty && !wasQuoted ? nil : field)
                    field = []
                    atFieldStart = true
                    wasQuoted = false
                    if b == 0x0A {
                        line += 1
                        break
                    }
                    continue
                }
                atFieldStart = false
                field.append(b)
            }
            // Record bytes: the fields re-joined (good enough for a benchmark's reject file).
            for (j, f) in fields.enumerated() {
                if j > 0 { batch.storage.append(0x2C) }
                if let f {
                    let start = batch.storage.count
                    batch.storage.append(contentsOf: f)
                    batch.appendField(start: start, length: f.count)
                } else {
                    batch.appendField(start: batch.storage.count, length: -1)
                }
            }
            batch.endRow(line: recordLine, recordStart: recordStart, recordEnd: batch.storage.count)
            if batch.rowCount == batchRows {
                batches.append(batch)
                batch = RawBatch()
            }
        }
        if batch.rowCount > 0 { batches.append(batch) }
        return batches
    }
}
