import FerryCore

/// The integer keys a `unique` check has seen, with the line of each: a flat open-addressing
/// table (linear probing), 16 bytes a slot, kept at most half full.
struct Int64KeyTable {
    /// `Int64.min` marks an empty slot; that key itself is kept aside in `minLine`.
    private var keys: [Int64]
    private var lines: [Int]
    private var minLine: Int?
    private(set) var count = 0

    init(capacity: Int = 1_024) {
        keys = Array(repeating: .min, count: capacity)
        lines = Array(repeating: 0, count: capacity)
    }

    /// The bytes the slots take.
    var bytes: Int { keys.count * 16 }

    /// Adds `key` first seen at `line`; false (and nothing changes) when it is already there.
    mutating func insert(_ key: Int64, line: Int) -> Bool {
        if key == .min {
            guard minLine == nil else { return false }
            minLine = line
            count += 1
            return true
        }
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = Self.slot(key, mask: mask)
        while true {
            let k = keys[i]
            if k == key { return false }
            if k == .min {
                keys[i] = key
                lines[i] = line
                count += 1
                return true
            }
            i = (i + 1) & mask
        }
    }

    /// Every key with its line, in no particular order.
    func forEach(_ body: (Int64, Int) throws(FerryError) -> Void) throws(FerryError) {
        if let minLine { try body(.min, minLine) }
        for i in keys.indices where keys[i] != .min { try body(keys[i], lines[i]) }
    }

    private static func slot(_ key: Int64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldLines = lines
        keys = Array(repeating: .min, count: oldKeys.count * 2)
        lines = Array(repeating: 0, count: oldKeys.count * 2)
        let mask = keys.count - 1
        for j in oldKeys.indices where oldKeys[j] != .min {
            var i = Self.slot(oldKeys[j], mask: mask)
            while keys[i] != .min { i = (i + 1) & mask }
            keys[i] = oldKeys[j]
            lines[i] = oldLines[j]
        }
    }
}
