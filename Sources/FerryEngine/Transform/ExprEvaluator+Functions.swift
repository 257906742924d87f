import FerryCore

extension ExprEvaluator {
    mutating func function(_ f: ExprFunction, _ args: [TypedExpr], _ type: ColumnType) -> ColumnVector {
        let values = args.map { eval($0) }
        switch f {
        case .coalesce:
            var out = ColumnVector(type: type, capacity: count)
            for i in 0..<count {
                if let v = values.first(where: { !$0.isNull[i] }) { out.appendValue(of: v, row: i) } else { out.appendNull() }
            }
            return out
        case .nullif:
            let equal = ExprEvaluator(batch: batch).compareEqual(values[0], values[1])
            var out = ColumnVector(type: type, capacity: count)
            for i in 0..<count {
                if equal[i] { out.appendNull() } else { out.appendValue(of: values[0], row: i) }
            }
            return out
        case .trim, .ltrim, .rtrim, .lower, .upper, .substr, .replace:
            return textFunction(f, values)
        case .length:
            var out = ColumnVector(type: .bigint, capacity: count)
            let v = values[0]
            for i in 0..<count {
                if v.isNull[i] { out.appendNull(); continue }
                var n: Int64 = 0
                for k in v.start(of: i)..<Int(v.ends[i]) where v.bytes[k] & 0xC0 != 0x80 { n += 1 }
                out.append(int: n)
            }
            return out
        case .concat:
            return concat(values, strict: false)
        case .startsWith, .endsWith, .contains:
            var out = ColumnVector(type: .boolean, capacity: count)
            let (a, b) = (values[0], values[1])
            for i in 0..<count {
                if a.isNull[i] || b.isNull[i] { out.appendNull(); continue }
                let hay = a.bytes[a.start(of: i)..<Int(a.ends[i])]
                let needle = b.bytes[b.start(of: i)..<Int(b.ends[i])]
                let found: Bool = switch f {
                case .startsWith: hay.starts(with: needle)
                case .endsWith: hay.reversed().starts(with: needle.reversed())
                default: TextBytes.find(needle, in: hay, from: hay.startIndex) != nil
                }
                out.append(int: found ? 1 : 0)
            }
            return out
        case .abs, .round, .floor, .ceil:
            let v = values[0]
            var out = ColumnVector(type: type, capacity: count)
            for i in 0..<count {
                if v.isNull[i] { out.appendNull(); continue }
                if type == .bigint {
                    guard f == .abs else { out.append(int: v.ints[i]); continue }
                    if v.ints[i] == .min { fail(i, "bigint overflow"); out.appendNull() } else { out.append(int: Swift.abs(v.ints[i])) }
                } else {
                    let d = v.doubles[i]
                    let r: Double = switch f {
                    case .abs: Swift.abs(d)
                    case .round: d.rounded(.toNearestOrAwayFromZero)
                    case .floor: d.rounded(.down)
                    default: d.rounded(.up)
                    }
                    out.append(double: r)
                }
            }
            return out
        case .year, .month, .day, .hour, .minute, .second, .dow, .doy:
            return datePart(f.rawValue, values[0])
        case .datePart:
            return datePart(values[0].text(at: 0) ?? "", values[1])
        case .dateTrunc:
            return dateTrunc(values[0].text(at: 0) ?? "", values[1])
        case .hash:
            return hash(values)
        }
    }

    /// Whether the values of `a` and `b` (one type) are equal and both non-NULL, by row.
    func compareEqual(_ a: ColumnVector, _ b: ColumnVector) -> [Bool] {
        (0..<count).map { i in
            if a.isNull[i] || b.isNull[i] { return false }
            switch a.type.storage {
            case .int64: return a.ints[i] == b.ints[i]
            case .float64: return a.doubles[i] == b.doubles[i]
            case .bytes: return Self.compareBytes(a, b, i) == 0
            }
        }
    }

    /// `concat` (NULL arguments count as empty) or `||` (`strict`: NULL when any is NULL).
    func concat(_ values: [ColumnVector], strict: Bool) -> ColumnVector {
        var out = ColumnVector(type: .text, capacity: count)
        for i in 0..<count {
            if strict && values.contains(where: { $0.isNull[i] }) { out.appendNull(); continue }
            for v in values where !v.isNull[i] { out.bytes.append(contentsOf: v.bytes[v.start(of: i)..<Int(v.ends[i])]) }
            out.isNull.append(false)
            out.ends.append(Int32(truncatingIfNeeded: out.bytes.count))
        }
        return out
    }

    /// `hash(a, ...)`: FNV-1a 64 over the canonical text of each argument, each followed by the
    /// byte 0x1F (0x1E for NULL), as 16 lowercase hex digits; stable across runs and machines.
    func hash(_ values: [ColumnVector]) -> ColumnVector {
        var out = ColumnVector(type: .text, capacity: count)
        var text: [UInt8] = []
        let hex = Array("0123456789abcdef".utf8)
        for i in 0..<count {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for v in values {
                text.removeAll(keepingCapacity: true)
                if v.isNull[i] { text.append(0x1E) } else { ValueFormatter.append(v, row: i, to: &text); text.append(0x1F) }
                for b in text { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            }
            for shift in stride(from: 60, through: 0, by: -4) { out.bytes.append(hex[Int((h >> UInt64(shift)) & 0xF)]) }
            out.isNull.append(false)
            out.ends.append(Int32(truncatingIfNeeded: out.bytes.count))
        }
        return out
    }
}
