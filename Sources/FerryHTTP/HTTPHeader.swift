/// One request header, in the order it is sent.
///
/// The value may be a secret (`Authorization: Bearer ...`): `description` and `debugDescription`
/// show only the name, so printing a request never prints a key.
package struct HTTPHeader: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The field name as given (`Content-Type`); compared case-insensitively by the client.
    package var name: String
    /// The field value, sent as is; must not contain CR or LF.
    package var value: String

    /// A header `name: value`.
    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// `Name: ***`.
    package var description: String { "\(name): ***" }
    /// `Name: ***`.
    package var debugDescription: String { description }

    /// Whether the header's name is `other`, ignoring ASCII case.
    func hasName(_ other: String) -> Bool {
        let a = name.utf8, b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
            let ly = y >= 0x41 && y <= 0x5A ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }
}
