/// Numeric order of canonical decimal texts (`-12.30`, `0.5`, `7`: no `+`, no leading zeros,
/// no negative zero), without converting them to binary numbers.
enum DecimalOrder {
    /// Whether `a` is numerically less than `b`.
    static func less(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let aNegative = a.first == 0x2D
        let bNegative = b.first == 0x2D
        if aNegative != bNegative { return aNegative }
        let order = compareMagnitudes(
            UnsafeRawBufferPointer(rebasing: a[(aNegative ? 1 : 0)...]),
            UnsafeRawBufferPointer(rebasing: b[(bNegative ? 1 : 0)...])
        )
        return aNegative ? order > 0 : order < 0
    }

    /// -1, 0 or 1 as the unsigned decimal `a` is less than, equal to or greater than `b`.
    private static func compareMagnitudes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let aDot = a.firstIndex(of: 0x2E) ?? a.count
        let bDot = b.firstIndex(of: 0x2E) ?? b.count
        // Without leading zeros, a longer integer part is a larger number.
        if aDot != bDot { return aDot < bDot ? -1 : 1 }
        // Same length: compare integer digits, then fraction digits with missing ones as zeros.
        for i in 0 ..< aDot where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        let aFraction = a.count - aDot
        let bFraction = b.count - bDot
        var i = 1
        while i < max(aFraction, bFraction) {
            let x = i < aFraction ? a[aDot + i] : 0x30
            let y = i < bFraction ? b[bDot + i] : 0x30
            if x != y { return x < y ? -1 : 1 }
            i += 1
        }
        return 0
    }
}
