import FerryCore

extension ExprEvaluator {
    /// trim/ltrim/rtrim (spaces, as SQL's default), lower/upper (Unicode), substr (characters,
    /// 1-based, SQL's rules for starts before 1), replace (every occurrence).
    mutating func textFunction(_ f: ExprFunction, _ values: [ColumnVector]) -> ColumnVector {
        var out = ColumnVector(type: .text, capacity: count)
        let v = values[0]
        for i in 0..<count {
            if values.contains(where: { $0.isNull[i] }) { out.appendNull(); continue }
            var s = v.start(of: i), e = Int(v.ends[i])
            switch f {
            case .trim, .ltrim, .rtrim:
                if f != .rtrim { while s < e && v.bytes[s] == 0x20 { s += 1 } }
                if f != .ltrim { while e > s && v.bytes[e - 1] == 0x20 { e -= 1 } }
                out.bytes.append(contentsOf: v.bytes[s..<e])
            case .lower, .upper:
                let slice = v.bytes[s..<e]
                if slice.allSatisfy({ $0 < 0x80 }) {
                    for b in slice {
                        if f == .lower { out.bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) } else { out.bytes.append(b >= 0x61 && b <= 0x7A ? b & ~0x20 : b) }
                    }
                } else {
                    let text = String(decoding: slice, as: UTF8.self)
                    out.bytes.append(contentsOf: (f == .lower ? text.lowercased() : text.uppercased()).utf8)
                }
            case .substr:
                let start = values[1].ints[i]
                var end = Int64.max
                if values.count == 3 {
                    let length = values[2].ints[i]
                    if length < 0 { fail(i, "negative substring length"); out.appendNull(); continue }
                    end = start.addingReportingOverflow(length).overflow ? .max : start + length
                }
                var position: Int64 = 1
                var k = s
                while k < e {
                    var next = k + 1
                    while next < e && v.bytes[next] & 0xC0 == 0x80 { next += 1 }
                    if position >= start && position < end { out.bytes.append(contentsOf: v.bytes[k..<next]) }
                    position += 1
                    k = next
                }
            case .replace:
                let from = values[1].bytes[values[1].start(of: i)..<Int(values[1].ends[i])]
                let to = values[2].bytes[values[2].start(of: i)..<Int(values[2].ends[i])]
                let hay = v.bytes[s..<e]
                var k = s
                while !from.isEmpty, let hit = TextBytes.find(from, in: hay, from: k) {
                    out.bytes.append(contentsOf: v.bytes[k..<hit])
                    out.bytes.append(contentsOf: to)
                    k = hit + from.count
                }
                out.bytes.append(contentsOf: v.bytes[k..<e])
            default:
                break
            }
            out.isNull.append(false)
            out.ends.append(Int32(truncatingIfNeeded: out.bytes.count))
        }
        return out
    }

    /// `text LIKE pattern`; the pattern is compiled once while it stays the same.
    func like(_ a: ColumnVector, _ b: ColumnVector) -> ColumnVector {
        var out = ColumnVector(type: .boolean, capacity: count)
        var lastPattern: ArraySlice<UInt8> = []
        var pattern: [Unicode.Scalar] = []
        for i in 0..<count {
            if a.isNull[i] || b.isNull[i] { out.appendNull(); continue }
            let p = b.bytes[b.start(of: i)..<Int(b.ends[i])]
            if i == 0 || p != lastPattern {
                lastPattern = p
                pattern = Array(String(decoding: p, as: UTF8.self).unicodeScalars)
            }
            let text = Array(String(decoding: a.bytes[a.start(of: i)..<Int(a.ends[i])], as: UTF8.self).unicodeScalars)
            out.append(int: TextBytes.like(text, pattern) ? 1 : 0)
        }
        return out
    }

    /// `regexp_like(text, pattern)`: whether the safe engine finds the pattern in the value.
    func regexLike(_ a: ColumnVector, _ compiled: SafeRegex) -> ColumnVector {
        var regex = compiled
        var out = ColumnVector(type: .boolean, capacity: count)
        a.bytes.withUnsafeBytes { all in
            for i in 0..<count {
                if a.isNull[i] { out.appendNull(); continue }
                out.append(int: regex.matches(UnsafeRawBufferPointer(rebasing: all[a.start(of: i)..<Int(a.ends[i])])) ? 1 : 0)
            }
        }
        return out
    }
}
