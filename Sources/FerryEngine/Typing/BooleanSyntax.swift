/// Byte-level parsing of boolean texts.
enum BooleanSyntax {
    /// `true`/`false` in any letter case: the only forms inference treats as boolean.
    @inline(__always)
    static func parseStrict(_ f: UnsafeRawBufferPointer) -> Bool? {
        switch f.count {
        case 4 where lower(f, 0) == 0x74 && lower(f, 1) == 0x72 && lower(f, 2) == 0x75 && lower(f, 3) == 0x65:
            return true
        case 5 where lower(f, 0) == 0x66 && lower(f, 1) == 0x61 && lower(f, 2) == 0x6C && lower(f, 3) == 0x73
            && lower(f, 4) == 0x65:
            return false
        default:
            return nil
        }
    }

    /// `true/false/t/f/yes/no/y/n/on/off/1/0` in any letter case: what a boolean column accepts.
    @inline(__always)
    static func parse(_ f: UnsafeRawBufferPointer) -> Bool? {
        switch f.count {
        case 1:
            switch f[0] {
            case 0x31, 0x74, 0x54, 0x79, 0x59: return true // 1 t T y Y
            case 0x30, 0x66, 0x46, 0x6E, 0x4E: return false // 0 f F n N
            default: return nil
            }
        case 2:
            if lower(f, 0) == 0x6E, lower(f, 1) == 0x6F { return false } // no
            if lower(f, 0) == 0x6F, lower(f, 1) == 0x6E { return true } // on
            return nil
        case 3:
            if lower(f, 0) == 0x79, lower(f, 1) == 0x65, lower(f, 2) == 0x73 { return true } // yes
            if lower(f, 0) == 0x6F, lower(f, 1) == 0x66, lower(f, 2) == 0x66 { return false } // off
            return nil
        default:
            return parseStrict(f)
        }
    }

    /// The byte at `i` with ASCII letters lowercased (only ever compared with lowercase letters,
    /// which `b | 0x20` matches exactly for the letter's two cases).
    @inline(__always)
    private static func lower(_ f: UnsafeRawBufferPointer, _ i: Int) -> UInt8 { f[i] | 0x20 }
}
