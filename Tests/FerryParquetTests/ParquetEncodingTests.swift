import Testing
@testable import FerryParquet

@Suite("Parquet encodings")
struct ParquetEncodingTests {
    @Test("the dictionary gives each distinct value one index, in order of first appearance, however it grows")
    func dictionary() {
        var d = ParquetDictionary()
        var seen: [UInt32] = []
        for round in 0..<2 {
            for i in 0..<5_000 {
                let value = Array("v\(i)".utf8)
                let index = value.withUnsafeBytes { d.index(of: $0) }
                if round == 0 { seen.append(index) } else { #expect(index == seen[i]) }
            }
        }
        #expect(seen == (0..<5_000).map(UInt32.init))
        #expect(d.count == 5_000)
        #expect(d.plain.starts(with: Array("v0v1v2".utf8)))
    }

    @Test("compact protocol: short and long field deltas, zigzag varints, lists and nested structs")
    func thriftCompact() {
        var w = ThriftCompactWriter()
        w.structure { w in
            w.field(1, i32: -1)                 // delta 1, i32: 0x15, zigzag(-1) = 1
            w.field(3, i64: 300)                // delta 2, i64: 0x26, zigzag(300) = 600 = 0xD8 0x04
            w.field(20, bool: true)             // delta 17: long form 0x01, zigzag(20) = 40
            w.field(4, string: "ab")            // delta negative: long form 0x08, zigzag(4) = 8
            w.field(5, listOf: .i32, count: 2) { $0.element(i32: 1); $0.element(i32: 2) }
            w.field(6) { $0.field(1, bool: false) }  // nested struct: its ids start again at 0
        }
        #expect(w.bytes == [
            0x15, 0x01,
            0x26, 0xD8, 0x04,
            0x01, 0x28,
            0x08, 0x08, 0x02, 0x61, 0x62,
            0x19, 0x25, 0x02, 0x04,
            0x1C, 0x12, 0x00,
            0x00,
        ])
    }

    @Test("a list of 15 or more elements carries its size in a varint")
    func longList() {
        var w = ThriftCompactWriter()
        w.structure { w in w.field(1, listOf: .i32, count: 20) { for _ in 0..<20 { $0.element(i32: 0) } } }
        #expect(Array(w.bytes.prefix(3)) == [0x19, 0xF5, 20])
    }

    @Test("definition levels decode back to what was encoded", arguments: [
        [UInt8](repeating: 1, count: 100),
        [1, 0, 1, 0, 1, 1, 0, 0, 1],
        [UInt8](repeating: 0, count: 9) + [1, 0, 1] + [UInt8](repeating: 1, count: 30) + [0],
        (0..<1000).map { UInt8($0 % 3 == 0 ? 0 : 1) },
        [0],
    ])
    func levelsRoundTrip(levels: [UInt8]) {
        var encoded: [UInt8] = []
        RLEHybrid.append(levels, to: &encoded)
        let length = Int(encoded[0]) | Int(encoded[1]) << 8 | Int(encoded[2]) << 16 | Int(encoded[3]) << 24
        #expect(length == encoded.count - 4)
        #expect(Self.decodeLevels(Array(encoded.dropFirst(4)), count: levels.count) == levels)
    }

    @Test("a long run is one RLE run: a varint header and the value")
    func longRun() {
        var encoded: [UInt8] = []
        RLEHybrid.append([UInt8](repeating: 1, count: 100), to: &encoded)
        #expect(encoded == [3, 0, 0, 0, 0xC8, 0x01, 1])
    }

    @Test("dictionary indices of any width decode back to what was encoded", arguments: [2, 3, 7, 8, 13, 17, 32])
    func indicesRoundTrip(width: Int) {
        let maximum = UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(width)) - 1)
        let values: [UInt32] = (0..<500).map { i in i % 50 < 20 ? maximum : UInt32(i * 2_654_435_761 % Int(UInt32.max)) & maximum }
        var encoded: [UInt8] = []
        RLEHybrid.appendRuns(values, bitWidth: width, to: &encoded)
        #expect(Self.decode(encoded, count: values.count, bitWidth: width) == values)
    }

    /// The reader side of the hybrid for any bit width, as the format describes it.
    static func decode(_ bytes: [UInt8], count: Int, bitWidth: Int) -> [UInt32] {
        var out: [UInt32] = []
        var i = 0
        while out.count < count && i < bytes.count {
            var header = 0, shift = 0
            while true {
                let b = bytes[i]; i += 1
                header |= Int(b & 0x7F) << shift
                shift += 7
                if b & 0x80 == 0 { break }
            }
            if header & 1 == 0 {
                var value: UInt32 = 0
                for k in 0..<((bitWidth + 7) / 8) { value |= UInt32(bytes[i + k]) << UInt32(8 * k) }
                i += (bitWidth + 7) / 8
                out += [UInt32](repeating: value, count: header >> 1)
            } else {
                let groups = header >> 1
                var acc: UInt64 = 0, bits = 0
                for _ in 0..<(groups * 8) {
                    while bits < bitWidth { acc |= UInt64(bytes[i]) << UInt64(bits); i += 1; bits += 8 }
                    out.append(UInt32(truncatingIfNeeded: acc & ((UInt64(1) << UInt64(bitWidth)) - 1)))
                    acc >>= UInt64(bitWidth)
                    bits -= bitWidth
                }
            }
        }
        return Array(out.prefix(count))
    }

    /// Definition levels: the hybrid at bit width 1.
    static func decodeLevels(_ bytes: [UInt8], count: Int) -> [UInt8] {
        decode(bytes, count: count, bitWidth: 1).map { UInt8($0) }
    }

    @Test("decimal text becomes its unscaled value at the column's scale", arguments: [
        ("12.5", 2, Int64(1250)), ("-0.01", 2, -1), ("7", 3, 7000), ("+3.10", 1, 31), ("0", 0, 0), ("-12", 0, -12),
    ])
    func unscaled(text: String, scale: Int, expected: Int64) {
        let value = Array(text.utf8).withUnsafeBytes { ParquetValueText.unscaled($0, scale: scale) }
        #expect(value == expected)
    }

    @Test("digits beyond the scale, or no digits, are not a decimal of that scale", arguments: ["1.234", "", "-", "1e3", "1.2.3"])
    func notUnscaled(text: String) {
        #expect(Array(text.utf8).withUnsafeBytes { ParquetValueText.unscaled($0, scale: 2) } == nil)
    }

    @Test("wide decimals are big-endian two's complement of the column's width")
    func fixedDecimals() {
        func bytes(_ text: String, scale: Int, width: Int) -> [UInt8]? {
            var out: [UInt8] = []
            let ok = Array(text.utf8).withUnsafeBytes { ParquetValueText.appendUnscaled($0, scale: scale, width: width, to: &out) }
            return ok ? out : nil
        }
        #expect(bytes("1", scale: 0, width: 4) == [0, 0, 0, 1])
        #expect(bytes("-1", scale: 0, width: 4) == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(bytes("2.56", scale: 2, width: 3) == [0, 1, 0])
        #expect(bytes("-2.56", scale: 2, width: 3) == [0xFF, 0xFF, 0])
        #expect(bytes("99999999999999999999999999999999999999", scale: 0, width: 16)
            == [0x4B, 0x3B, 0x4C, 0xA8, 0x5A, 0x86, 0xC4, 0x7A, 0x09, 0x8A, 0x22, 0x3F, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(bytes("8388608", scale: 0, width: 3) == nil)  // 2^23 needs the sign bit
    }

    @Test("a decimal column is as wide as its precision needs", arguments: [(9, 4), (10, 5), (18, 8), (19, 9), (38, 16), (76, 32)])
    func decimalWidth(precision: Int, width: Int) {
        #expect(ParquetColumnSpec.decimalWidth(precision) == width)
    }

    @Test("UUID text becomes its 16 bytes; anything else is refused")
    func uuids() {
        var out: [UInt8] = []
        let ok = Array("00112233-4455-6677-8899-aabbccddeeff".utf8).withUnsafeBytes { ParquetValueText.appendUUID($0, to: &out) }
        #expect(ok && out == [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF])
        var bad: [UInt8] = []
        #expect(!Array("0011-zz".utf8).withUnsafeBytes { ParquetValueText.appendUUID($0, to: &bad) } && bad.isEmpty)
    }

    @Test("the canonical UUID form is read as the general loop reads it, and anything else in 36 bytes is left to that loop")
    func canonicalUUIDs() {
        let good = ["00112233-4455-6677-8899-aabbccddeeff", "FEDCBA98-7654-3210-0F1E-2D3C4B5A6978", "bdd640fb-0667-4ad1-9c80-317fa3b1799d"]
        var texts = good
        for text in good {
            for at in 0..<36 {
                for c in ["g", "G", "-", "/", ":", "@", "`", "0", "\u{e9}"] {
                    var bytes = Array(text.utf8)
                    bytes.replaceSubrange(at...at, with: Array(c.utf8).prefix(1))
                    texts.append(String(decoding: bytes, as: UTF8.self))
                }
            }
        }
        texts.append("00112233445566778899aabbccddeeff----")
        for text in texts {
            var fast: (UInt64, UInt64) = (0, 0), general: (UInt64, UInt64) = (0, 0)
            let bytes = Array(text.utf8)
            let canonical = bytes.count == 36 && bytes.withUnsafeBytes { t in withUnsafeMutableBytes(of: &fast) { ParquetValueText.parseCanonicalUUID(t, into: $0) } }
            let parsed = bytes.withUnsafeBytes { t in withUnsafeMutableBytes(of: &general) { ParquetValueText.parseUUIDDigits(t, into: $0) } }
            // Every text the fast path takes, the general loop takes too, with the same bytes.
            if canonical { #expect(parsed && fast == general, "\(text)") }
            // The general loop takes more (hyphens elsewhere): parseUUID answers as it does.
            var either: (UInt64, UInt64) = (0, 0)
            #expect(bytes.withUnsafeBytes { t in withUnsafeMutableBytes(of: &either) { ParquetValueText.parseUUID(t, into: $0) } } == parsed)
            if parsed { #expect(either == general, "\(text)") }
        }
        #expect(good.allSatisfy { text in
            var out: (UInt64, UInt64) = (0, 0)
            return Array(text.utf8).withUnsafeBytes { t in withUnsafeMutableBytes(of: &out) { ParquetValueText.parseCanonicalUUID(t, into: $0) } }
        })
    }
}
