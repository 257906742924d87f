/// PostgreSQL's binary `numeric` (`numeric_send`/`numeric_recv`), built from Ferry's canonical
/// decimal text (`-12.30`, `0.0001`, `7`):
///
///     uint16 ndigits, int16 weight, uint16 sign (0x0000 positive, 0x4000 negative),
///     uint16 dscale, then ndigits base-10000 digits (int16), most significant first;
///     value = Σ digit[i] × 10000^(weight − i), shown with dscale digits after the point.
///
/// Leading and trailing zero digits are dropped (as PostgreSQL stores them); zero is `ndigits 0,
/// weight 0`, positive. The scale of the text is kept, so `12.30` stays `12.30`.
enum PostgresNumeric {
    /// The largest display scale the format holds (`NUMERIC_DSCALE_MAX`).
    static let maxScale = 0x3FFF
    /// The most base-10000 digits before the point a weight (int16) can describe.
    static let maxIntegerGroups = 32768

    /// Appends the COPY field (int32 length, then the value) for the canonical decimal in
    /// `text[0..<count]`; returns false, writing nothing, when the text is not canonical or does
    /// not fit the format.
    static func appendField(_ text: UnsafePointer<UInt8>, count: Int, to buffer: CopyBuffer) -> Bool {
        var i = 0
        let negative = count > 0 && text[0] == 0x2D
        if negative { i = 1 }
        let intStart = i
        while i < count, text[i] &- 0x30 < 10 { i += 1 }
        let intEnd = i
        var fracStart = i
        var fracEnd = i
        if i < count {
            guard text[i] == 0x2E else { return false }
            i += 1
            fracStart = i
            while i < count, text[i] &- 0x30 < 10 { i += 1 }
            fracEnd = i
            guard i == count, fracEnd > fracStart else { return false }
        }
        guard intEnd > intStart else { return false }
        var firstDigit = intStart
        while firstDigit < intEnd, text[firstDigit] == 0x30 { firstDigit += 1 }
        let intDigits = intEnd - firstDigit
        let scale = fracEnd - fracStart
        let intGroups = (intDigits + 3) / 4
        guard scale <= maxScale, intGroups <= maxIntegerGroups else { return false }
        let fracGroups = (scale + 3) / 4

        buffer.reserve(12 + 2 * (intGroups + fracGroups))
        let lengthAt = buffer.count
        buffer.append(bigEndian: Int32(0))
        let headerAt = buffer.count
        buffer.append(bigEndian: Int64(0))  // ndigits, weight, sign, dscale: filled in below
        let digitsAt = buffer.count

        var groups = 0
        var weight = intGroups - 1
        var leading = true  // still skipping zero groups before the first significant one
        // Integer part: the first group takes intDigits % 4 digits (4 when it divides evenly).
        var p = firstDigit
        var take = intDigits % 4 == 0 ? 4 : intDigits % 4
        while p < intEnd {
            var group = 0
            for _ in 0..<take {
                group = group * 10 + Int(text[p] &- 0x30)
                p += 1
            }
            buffer.append(bigEndian: Int16(group))
            groups += 1
            take = 4
        }
        if intGroups > 0 { leading = false }
        // Fraction part, padded with zeros on the right to whole groups.
        p = fracStart
        while p < fracEnd {
            var group = 0
            for _ in 0..<4 {
                group = group * 10 + (p < fracEnd ? Int(text[p] &- 0x30) : 0)
                p += 1
            }
            if leading && group == 0 {
                weight -= 1
                continue
            }
            leading = false
            buffer.append(bigEndian: Int16(group))
            groups += 1
        }
        // Drop trailing zero groups.
        while groups > 0, buffer.base.loadUnaligned(fromByteOffset: digitsAt + 2 * (groups - 1), as: Int16.self) == 0 {
            groups -= 1
        }
        buffer.count = digitsAt + 2 * groups
        let isZero = groups == 0
        if isZero { weight = 0 }
        let sign: UInt16 = negative && !isZero ? 0x4000 : 0
        let header = buffer.base + headerAt
        header.storeBytes(of: UInt16(groups).bigEndian, as: UInt16.self)
        header.storeBytes(of: Int16(weight).bigEndian, toByteOffset: 2, as: Int16.self)
        header.storeBytes(of: sign.bigEndian, toByteOffset: 4, as: UInt16.self)
        header.storeBytes(of: UInt16(scale).bigEndian, toByteOffset: 6, as: UInt16.self)
        buffer.store(bigEndian: Int32(buffer.count - headerAt), at: lengthAt)
        return true
    }
}
