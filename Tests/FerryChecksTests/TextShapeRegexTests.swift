import FerryChecks
import FerryCore
import FerryEngine
import Testing

/// `ferry inspect --suggest-checks` turns a detected shape into a `regex` check: the check must
/// accept every value the detector accepted, or the suggested checks would fail the data they came from.
@Suite("Text shapes and their suggested regular expressions")
struct TextShapeRegexTests {
    static let values = [
        "2026-11-02", "2026/11/02", "02.11.2026", "31/12/2026", "12/31/2026", "02-11-2026", "29.02.2024", "29.02.2026",
        "+49 30 1234567", "030 123-4567", "+1.212.555.0100", "+441234567890", "12 34", "555-0100", "+49 (30) 1234567",
        "10115", "8001", "02134-1234", "1012 AB", "1012AB", "K1A 0B1", "K1A0B1", "SW1A 1AA", "M1 1AE", "EC1A1BB", "B33 8TH",
        "123456", "ABCDE", "1012 ab", "SW1A-1AA", "", "2026-13-01", "x",
    ]

    @Test("every probe's regex accepts what the probe accepts", arguments: TextShapes.probes.map(\.name))
    func agrees(name: String) throws {
        let probe = try #require(TextShapes.probes.first { $0.name == name })
        guard case let .regex(pattern) = probe.rule else {
            Issue.record("\(name) has no regex")
            return
        }
        var regex = try SafeRegex(pattern)
        var accepted = 0
        for v in Self.values {
            let hit = Array(v.utf8).withUnsafeBytes { probe.test($0) }
            if hit {
                accepted += 1
                let matched = regex.matches(v)
                #expect(matched, "\(name) accepted \(v) but its regex \(pattern) does not")
            }
        }
        #expect(accepted > 0, "no sample value is a \(name)")
    }

    @Test("the shapes refuse impossible dates and lower-case postal codes")
    func refuses() {
        func test(_ name: String, _ v: String) -> Bool {
            guard let probe = TextShapes.probes.first(where: { $0.name == name }) else { return false }
            return Array(v.utf8).withUnsafeBytes { probe.test($0) }
        }
        #expect(!test("date DD.MM.YYYY", "29.02.2026") && test("date DD.MM.YYYY", "29.02.2024"))
        #expect(!test("date MM/DD/YYYY", "31/12/2026") && test("date DD/MM/YYYY", "31/12/2026"))
        #expect(!test("postal_code", "1012 ab") && !test("postal_code", "123456"))
        #expect(!test("phone", "555-01") && test("phone", "555-0100") && test("phone", "+441234567890"))
        #expect(!test("phone", "02.11.2026") && test("phone", "02.11.20261"))
    }
}
