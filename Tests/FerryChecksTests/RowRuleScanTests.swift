import FerryCore
@testable import FerryChecks
import Testing

/// The column-wise passes of the row rules fail exactly the rows the row-by-row judge fails.
@Suite("Row rules column-wise")
struct RowRuleScanTests {
    private static func column(_ type: ColumnType, _ values: [Int64?]) -> ColumnVector {
        var v = ColumnVector(type: type)
        for value in values { if let value { v.append(int: value) } else { v.appendNull() } }
        return v
    }

    private static func column(_ type: ColumnType, _ values: [Double?]) -> ColumnVector {
        var v = ColumnVector(type: type)
        for value in values { if let value { v.append(double: value) } else { v.appendNull() } }
        return v
    }

    private static func column(_ type: ColumnType, _ values: [String?]) -> ColumnVector {
        var v = ColumnVector(type: type)
        for value in values { if let value { v.append(text: value) } else { v.appendNull() } }
        return v
    }

    private static let columns: [(Column, ColumnVector)] = [
        (Column(name: "n", type: .bigint, origin: .declared), column(.bigint, [Int64(-5), nil, 0, 10, 11, Int64.max, 9])),
        (Column(name: "d", type: .double, origin: .declared), column(.double, [0.5, -0.0, nil, Double.nan, 10.0, 10.5, -Double.infinity])),
        (Column(name: "day", type: .date, origin: .declared), column(.date, [Int64(20_000), 20_001, nil, 19_999, 20_010, 20_011, 20_005])),
        (Column(name: "ts", type: .timestamp, origin: .declared), column(.timestamp, [Int64(0), 86_400_000_000, nil, -1, 86_400_000_001, 5, 6])),
        (Column(name: "m", type: .anyDecimal, origin: .declared),
         column(.anyDecimal, ["0", "-0.5", nil, "99999.99", "100000.00", "1234567890123456789.5", "NaN"])),
        (Column(name: "b", type: .boolean, origin: .declared), column(.boolean, [Int64(1), 0, nil, 1, 0, 0, 1])),
        (Column(name: "s", type: .text, origin: .declared), column(.text, ["abc", "", nil, "ÄÖÜ", "abcdef", "a-1", "日本語の"])),
        (Column(name: "u", type: .uuid, origin: .declared),
         column(.uuid, ["bdd640fb-0667-4ad1-9c80-317fa3b1799d", nil, "6b65a6a4-8b81-48f6-938a-088ca65ed389",
                        "759cde66-bacf-13d0-bb1f-9163ce9ff57f", "b3aa7efe-4458-4885-ab90-99a435a240ae", nil, "00000000-0000-4000-8000-000000000000"])),
    ]

    private static let specs: [(CheckSpec, scanned: Bool)] = [
        (CheckSpec(name: "nn", rule: .notNull, columns: ["s"]), true),
        (CheckSpec(name: "rn", rule: .range(min: .number("0"), max: .number("10"), minInclusive: true, maxInclusive: false), columns: ["n"]), true),
        (CheckSpec(name: "rn2", rule: .range(min: .number("-5"), max: nil, minInclusive: false, maxInclusive: true), columns: ["n"]), true),
        (CheckSpec(name: "rd", rule: .range(min: .number("0"), max: .number("10"), minInclusive: true, maxInclusive: true), columns: ["d"]), true),
        (CheckSpec(name: "rday", rule: .range(min: .text("2024-10-04"), max: .text("2024-10-14"), minInclusive: true, maxInclusive: false), columns: ["day"]), true),
        (CheckSpec(name: "rts", rule: .range(min: .text("1970-01-01 00:00:00"), max: .text("1970-01-02 00:00:00"), minInclusive: false, maxInclusive: true), columns: ["ts"]), true),
        (CheckSpec(name: "rm", rule: .range(min: .number("0"), max: .number("99999.99"), minInclusive: true, maxInclusive: true), columns: ["m"]), true),
        (CheckSpec(name: "sb", rule: .inSet(values: ["true"]), columns: ["b"]), true),
        (CheckSpec(name: "ss", rule: .inSet(values: ["abc", ""]), columns: ["s"]), false),
        (CheckSpec(name: "re", rule: .regex(pattern: "^[a-z]+$"), columns: ["s"]), true),
        (CheckSpec(name: "reu", rule: .regex(pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"), columns: ["u"]), true),
        (CheckSpec(name: "ren", rule: .regex(pattern: "^1"), columns: ["n"]), false),
        (CheckSpec(name: "len", rule: .length(min: nil, max: 3), columns: ["s"]), true),
        (CheckSpec(name: "len2", rule: .length(min: 2, max: 4), columns: ["s"]), true),
        (CheckSpec(name: "len3", rule: .length(min: 1, max: nil), columns: ["s"]), true),
        (CheckSpec(name: "fu", rule: .format(.uuid), columns: ["u"]), true),
        (CheckSpec(name: "fs", rule: .format(.uuid), columns: ["s"]), true),
        (CheckSpec(name: "fe", rule: .format(.email), columns: ["s"]), true),
    ]

    @Test("every rule's column-wise pass fails the rows the row-by-row judge fails")
    func sameRows() throws {
        let schema = Schema(columns: Self.columns.map(\.0))
        let suite = try CheckSuite(Self.specs.map(\.0))
        try suite.start(schema: schema)
        var scratch: [UInt8] = []
        for (run, (spec, scanned)) in zip(suite.runs, Self.specs) {
            let v = Self.columns[run.columns[0]].1
            let judged = (0..<v.count).filter { !suite.judge(run, run.spec.rule, v, row: $0, scratch: &scratch) }
            let scan = RowRuleScan.failing(run, v, rows: v.count)
            #expect((scan != nil) == scanned, "\(spec.name)")
            if let scan { #expect(scan == judged, "\(spec.name)") }
        }
        // The passes above found failures and passes alike (the comparison means something).
        let re = try #require(RowRuleScan.failing(suite.runs[10], Self.columns[7].1, rows: 7))
        #expect(re == [3])
        #expect(RowRuleScan.failing(suite.runs[6], Self.columns[4].1, rows: 7) == [1, 4, 5, 6])
        #expect(RowRuleScan.failing(suite.runs[13], Self.columns[6].1, rows: 7) == [1, 4])
    }

    @Test("the days of date_coverage: a bitmap over years 1 to 9999, a set beyond, their min and max")
    func daySet() {
        var days = DaySet()
        #expect(days.min == nil && days.max == nil && !days.contains(0))
        let seen: [Int64] = [20_000, DaySet.base, DaySet.base - 1, DaySet.base + DaySet.span - 1, DaySet.base + DaySet.span, -3, 20_000, 1 << 40]
        for day in seen { days.insert(day) }
        for day in seen { #expect(days.contains(day), "\(day)") }
        for day: Int64 in [19_999, 20_001, DaySet.base + 1, DaySet.base - 2, DaySet.base + DaySet.span + 1, -2, -4, 0, (1 << 40) - 1] {
            #expect(!days.contains(day), "\(day)")
        }
        #expect(days.min == DaySet.base - 1)
        #expect(days.max == 1 << 40)
    }
}
