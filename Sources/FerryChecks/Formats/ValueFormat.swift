package import FerryCore

/// The named formats of the `format` rule, each a byte-level test of a value's text.
package enum ValueFormat {
    /// Whether `v` (a value's UTF-8 text) is in `format`.
    package static func matches(_ format: CheckFormat, _ v: UnsafeRawBufferPointer) -> Bool {
        switch format {
        case .email: email(v)
        case .url: url(v)
        case .uuid: uuid(v)
        case .ipv4: ipv4(v)
        case .e164Phone: e164(v)
        case .isoCountry: v.count == 2 && ISOCodes.countries.contains(String(decoding: v, as: UTF8.self))
        case .isoCurrency: v.count == 3 && ISOCodes.currencies.contains(String(decoding: v, as: UTF8.self))
        }
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
    }

    /// `local@domain`: the local part of RFC 5322 atom characters and dots (no leading, trailing or
    /// doubled dot), a domain of dot-separated labels (letters, digits, inner hyphens) with at
    /// least two labels and a top level of two or more letters; 254 bytes at most.
    static func email(_ v: UnsafeRawBufferPointer) -> Bool {
        guard v.count <= 254, let at = v.firstIndex(of: 0x40), at > 0, at <= 64 else { return false }
        let atext = Array("!#$%&'*+/=?^_`{|}~-".utf8)
        var previousDot = true
        for i in 0..<at {
            let c = v[i]
            if c == 0x2E {
                if previousDot { return false }
                previousDot = true
            } else if isAlnum(c) || atext.contains(c) {
                previousDot = false
            } else {
                return false
            }
        }
        if previousDot { return false }
        return domain(UnsafeRawBufferPointer(rebasing: v[(at + 1)...]), needsDot: true)
    }

    /// Dot-separated labels of letters, digits and inner hyphens, 63 bytes each; the last label
    /// of two or more letters.
    static func domain(_ d: UnsafeRawBufferPointer, needsDot: Bool) -> Bool {
        guard !d.isEmpty, d.count <= 253 else { return false }
        var labels = 0
        var labelStart = 0
        var i = 0
        while i <= d.count {
            if i == d.count || d[i] == 0x2E {
                let length = i - labelStart
                guard length >= 1, length <= 63, d[labelStart] != 0x2D, d[i - 1] != 0x2D else { return false }
                labels += 1
                if i == d.count {
                    guard length >= 2 else { return false }
                    for k in labelStart..<i where !((0x41...0x5A).contains(d[k]) || (0x61...0x7A).contains(d[k])) { return false }
                }
                labelStart = i + 1
            } else if !(isAlnum(d[i]) || d[i] == 0x2D) {
                return false
            }
            i += 1
        }
        return !needsDot || labels >= 2
    }

    /// `http://` or `https://` (any letter case), a host (a domain, `localhost` or an IPv4
    /// address), an optional port, then an optional path, query and fragment without spaces or
    /// control characters.
    static func url(_ v: UnsafeRawBufferPointer) -> Bool {
        let lower = v.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        var i: Int
        if lower.starts(with: Array("https://".utf8)) { i = 8 } else if lower.starts(with: Array("http://".utf8)) { i = 7 } else { return false }
        var end = i
        while end < v.count, v[end] != 0x2F, v[end] != 0x3F, v[end] != 0x23 { end += 1 }
        var hostEnd = end
        if let colon = (i..<end).first(where: { v[$0] == 0x3A }) {
            let port = colon + 1..<end
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ (0x30...0x39).contains(v[$0]) }),
                  port.reduce(0, { $0 * 10 + Int(v[$1] - 0x30) }) <= 65535 else { return false }
            hostEnd = colon
        }
        let host = UnsafeRawBufferPointer(rebasing: v[i..<hostEnd])
        let hostText = String(decoding: host, as: UTF8.self).lowercased()
        guard hostText == "localhost" || ipv4(host) || domain(host, needsDot: true) else { return false }
        i = end
        while i < v.count {
            guard v[i] > 0x20, v[i] != 0x7F else { return false }
            i += 1
        }
        return true
    }

    /// `8-4-4-4-12` hexadecimal digits.
    static func uuid(_ v: UnsafeRawBufferPointer) -> Bool {
        guard v.count == 36 else { return false }
        for i in 0..<36 {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard v[i] == 0x2D else { return false }
            } else {
                let c = v[i] | 0x20
                guard (0x30...0x39).contains(v[i]) || (0x61...0x66).contains(c) else { return false }
            }
        }
        return true
    }

    /// Four decimal numbers 0-255 separated by dots, without leading zeros.
    static func ipv4(_ v: UnsafeRawBufferPointer) -> Bool {
        var parts = 0
        var value = 0
        var digits = 0
        var leadingZero = false
        for i in 0...v.count {
            if i == v.count || v[i] == 0x2E {
                guard digits > 0, value <= 255, !(leadingZero && digits > 1) else { return false }
                parts += 1
                value = 0
                digits = 0
            } else {
                guard (0x30...0x39).contains(v[i]), digits < 3 else { return false }
                if digits == 0 { leadingZero = v[i] == 0x30 }
                value = value * 10 + Int(v[i] - 0x30)
                digits += 1
            }
        }
        return parts == 4
    }

    /// `+` then 8 to 15 digits, the first not 0 (ITU-T E.164).
    static func e164(_ v: UnsafeRawBufferPointer) -> Bool {
        guard v.count >= 9, v.count <= 16, v[0] == 0x2B, v[1] != 0x30 else { return false }
        for i in 1..<v.count where !(0x30...0x39).contains(v[i]) { return false }
        return true
    }
}
