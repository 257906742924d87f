/// An `application/x-www-form-urlencoded` body (the dashboard's plain form posts) as its fields.
package struct FormFields: Sendable {
    package var fields: [(name: String, value: String)]

    /// Parses `body`: `name=value` pairs joined by `&`, `+` for a space, `%XX` escapes (an invalid
    /// escape is kept as written).
    package init(body: [UInt8]) {
        fields = body.split(separator: UInt8(ascii: "&")).compactMap { pair in
            guard !pair.isEmpty else { return nil }
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The first value of field `name`.
    package func text(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value of field `name` (checkboxes), in order.
    package func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                      let high = hexDigit(bytes[index + 1]), let low = hexDigit(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
