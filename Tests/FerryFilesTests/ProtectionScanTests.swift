@testable import FerryFiles
import Testing

/// The whole-column scans (`mayNeedProtection`), which go sixteen bytes at a time, then eight,
/// then one: a special byte is found at every position of every length, and nothing else is.
@Suite("Protection scans")
struct ProtectionScanTests {
    private static func found(_ encoding: some FieldEncoding, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { encoding.mayNeedProtection($0) }
    }

    /// Every byte value, once inside a run of plain bytes of each length up to 40 at each
    /// position: found exactly when `special` says so.
    private static func check(_ encoding: some FieldEncoding, special: (UInt8) -> Bool) {
        for length in 0 ... 40 {
            let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(!found(encoding, plain), "length \(length)")
            for position in 0 ..< length {
                for byte in UInt8.min ... UInt8.max {
                    var bytes = plain
                    bytes[position] = byte
                    if found(encoding, bytes) != special(byte) {
                        Issue.record("byte \(byte) at \(position) of \(length): found \(!special(byte))")
                        return
                    }
                }
            }
        }
    }

    @Test("CSV: the delimiter, the quote, CR and LF", arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09])
    func csv(delimiter: UInt8) {
        let quoting = CSVQuoting(delimiter: delimiter, quote: UInt8(ascii: "'"), escape: UInt8(ascii: "\\"), nullText: [])
        Self.check(quoting) { $0 == delimiter || $0 == UInt8(ascii: "'") || $0 == 0x0A || $0 == 0x0D }
    }

    @Test("TSV: backslash, the delimiter and the controls 0x08 to 0x0D", arguments: [0x09, UInt8(ascii: "|")])
    func tsv(delimiter: UInt8) {
        let escaping = TSVEscaping(delimiter: delimiter, nullText: Array("\\N".utf8))
        Self.check(escaping) { $0 == delimiter || $0 == 0x5C || (0x08 ... 0x0D).contains($0) }
    }
}
