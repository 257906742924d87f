import FerryCore
@testable import FerryChecks
import Testing

@Suite("Decimal range values")
struct DecimalRangeTests {
    @Test("decimal text read from its digits is the double Double(String) gives; other text falls back")
    func sameAsDoubleParsing() {
        let texts = ["0", "-0", "12.5", "99999.99", "0.1", "0.3", "-123.456", "100000.00", "999999999999.99",
                     "123456789012345", "0.000000000000001", "1234567890123456", "12345678901234.567", "1e5", "-", "1.2.3", "",
                     "12345678901234567890123456789012345678", "-99999999999999999999.999999999999999999"]
        var vector = ColumnVector(type: .decimal(precision: nil, scale: nil))
        for text in texts { vector.append(text: text) }
        for (row, text) in texts.enumerated() {
            if let fast = CheckTyping.decimalValue(vector, row: row) {
                #expect(fast == Double(text), "\(text)")
                #expect(fast.sign == Double(text)?.sign, "\(text)")
            }
        }
        // More than 15 digits (38, as numeric(38) holds, must not overflow), exponents and malformed text go to Double(String) instead.
        for (row, text) in texts.enumerated() where ["1234567890123456", "12345678901234.567", "1e5", "-", "1.2.3", "",
                                                  "12345678901234567890123456789012345678", "-99999999999999999999.999999999999999999"].contains(text) {
            #expect(CheckTyping.decimalValue(vector, row: row) == nil, "\(text)")
        }
        #expect(CheckTyping.decimalValue(vector, row: 3) == 99999.99)
    }
}
