/// UTF-8 validation over raw bytes: an ASCII fast path eight bytes at a time, and a check of
/// each multi-byte sequence by the ranges of RFC 3629 (no overlongs, surrogates or values above
/// U+10FFFF).
package enum UTF8Scan {
    /// The result of checking one sequence.
    enum Sequence {
        /// A valid character of this many bytes.
        case valid(Int)
        /// Not valid UTF-8 at this position.
        case invalid
        /// Valid so far, but the bytes end before the sequence does.
        case truncated
    }

    /// Checks the sequence starting with the non-ASCII byte at `p[i]`, with `p[end]` the first byte beyond.
    @inline(__always)
    static func sequence(_ p: UnsafePointer<UInt8>, at i: Int, end: Int) -> Sequence {
        let b = p[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return .invalid
        }
        guard i + 1 < end else { return .truncated }
        let second = p[i + 1]
        guard second >= low && second <= high else { return .invalid }
        var k = 2
        while k < length {
            guard i + k < end else { return .truncated }
            let c = p[i + k]
            guard c >= 0x80 && c <= 0xBF else { return .invalid }
            k += 1
        }
        return .valid(length)
    }

    /// Whether `p[0 ..< count]` is entirely valid UTF-8.
    package static func isValid(_ p: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        while i < count {
            if i + 8 <= count {
                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            if p[i] < 0x80 { i += 1; continue }
            switch sequence(p, at: i, end: count) {
            case let .valid(n): i += n
            case .invalid, .truncated: return false
            }
        }
        return true
    }
}

/// Where invalid UTF-8 starts in a reader's scan buffer, found chunk-wide before parsing, so
/// that records are only inspected one by one when a chunk is not valid.
struct InvalidUTF8Offsets {
    /// Offsets (in the scan buffer) of bytes that begin an invalid sequence, ascending.
    private var offsets: [Int] = []
    private var head = 0
    /// Bytes before this offset have been checked.
    private(set) var checkedEnd = 0

    /// The first invalid offset not yet passed, or `Int.max`.
    var next: Int { head < offsets.count ? offsets[head] : Int.max }

    /// Checks new bytes up to `end`; without `atEOF`, a sequence cut off by `end` waits for more input.
    mutating func check(_ p: UnsafePointer<UInt8>, end: Int, atEOF: Bool) {
        var i = checkedEnd
        while i < end {
            if i + 32 <= end {
                let any = SWAR.load(p + i) | SWAR.load(p + i + 8) | SWAR.load(p + i + 16) | SWAR.load(p + i + 24)
                if any & 0x8080_8080_8080_8080 == 0 { i += 32; continue }
            }
            if i + 8 <= end {
                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            // Two-byte characters (Latin, Greek, Cyrillic, Arabic ...) without the general check.
            if b >= 0xC2 && b <= 0xDF && i + 1 < end && p[i + 1] & 0xC0 == 0x80 { i += 2; continue }
            switch UTF8Scan.sequence(p, at: i, end: end) {
            case let .valid(n):
                i += n
            case .invalid:
                offsets.append(i)
                i += 1
            case .truncated:
                if !atEOF {
                    checkedEnd = i
                    return
                }
                offsets.append(i)
                i += 1
            }
        }
        checkedEnd = end
    }

    /// Passes every invalid offset before `offset` (the end of a record that was handled).
    mutating func pass(_ offset: Int) {
        while head < offsets.count && offsets[head] < offset { head += 1 }
    }

    /// Adjusts for a scan buffer whose bytes moved `shift` towards the front.
    mutating func shift(by shift: Int) {
        guard shift > 0 else { return }
        offsets.removeFirst(head)
        head = 0
        var k = 0
        while k < offsets.count {
            offsets[k] -= shift
            k += 1
        }
        offsets.removeAll { $0 < 0 }
        checkedEnd = max(0, checkedEnd - shift)
    }

    /// Forgets everything (the buffer was cleared).
    mutating func reset() {
        offsets.removeAll()
        head = 0
        checkedEnd = 0
    }

    /// Rewinds to the first invalid offset at or after `offset` (the reader re-reads a record).
    mutating func rewind(to offset: Int) {
        head = 0
        pass(offset)
    }
}
