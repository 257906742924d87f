/// The field texts a delimited reader reads as NULL (`null_markers`), matched against raw field
/// bytes: for CSV only unquoted fields match, for TSV the text before backslash escapes are decoded.
struct NullMarkers {
    /// Whether an empty field is NULL.
    let matchesEmpty: Bool
    /// Whether any non-empty marker exists; when false the hot path skips `matches`.
    let hasNonEmpty: Bool
    private let markers: [[UInt8]]
    /// Bit `n` is set when a marker has length `n` (lengths of 63 and more share bit 63).
    private let lengths: UInt64

    init(_ texts: [String]) {
        var empty = false
        var markers: [[UInt8]] = []
        var lengths: UInt64 = 0
        for text in texts {
            let bytes = Array(text.utf8)
            if bytes.isEmpty {
                empty = true
            } else {
                markers.append(bytes)
                lengths |= 1 << UInt64(min(bytes.count, 63))
            }
        }
        matchesEmpty = empty
        hasNonEmpty = !markers.isEmpty
        self.markers = markers
        self.lengths = lengths
    }

    /// Whether the non-empty field `p[0 ..< count]` equals one of the non-empty markers.
    func matches(_ p: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard lengths & (1 << UInt64(min(count, 63))) != 0 else { return false }
        for marker in markers where marker.count == count {
            var k = 0
            while k < count && marker[k] == p[k] { k += 1 }
            if k == count { return true }
        }
        return false
    }
}
