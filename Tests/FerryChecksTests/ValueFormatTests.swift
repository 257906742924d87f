import FerryCore
@testable import FerryChecks
import Testing

@Suite("Value formats")
struct ValueFormatTests {
    private func check(_ format: CheckFormat, _ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { ValueFormat.matches(format, UnsafeRawBufferPointer($0)) }
    }

    @Test("each format accepts good values and refuses bad ones", arguments: [
        (CheckFormat.email, "ann.lee+tag@example.co.uk", true), (.email, "ann@example", false), (.email, "ann..lee@example.com", false),
        (.email, "@example.com", false), (.email, "ann@-example.com", false), (.email, "ann at example.com", false),
        (.url, "https://example.com/a?b=c#d", true), (.url, "http://localhost:8080", true), (.url, "ftp://example.com", false),
        (.url, "https://exa mple.com", false), (.url, "https://example.com:99999", false),
        (.uuid, "123e4567-e89b-12d3-a456-426614174000", true), (.uuid, "123e4567e89b12d3a456426614174000", false),
        (.ipv4, "192.168.0.1", true), (.ipv4, "256.1.1.1", false), (.ipv4, "01.1.1.1", false), (.ipv4, "1.1.1", false),
        (.e164Phone, "+14155552671", true), (.e164Phone, "14155552671", false), (.e164Phone, "+0123456789", false),
        (.isoCountry, "DE", true), (.isoCountry, "XX", false), (.isoCountry, "de", false),
        (.isoCurrency, "EUR", true), (.isoCurrency, "EUX", false),
    ])
    func formats(_ format: CheckFormat, _ text: String, _ expected: Bool) {
        #expect(check(format, text) == expected)
    }
}
