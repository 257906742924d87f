/// A column name compared by its UTF-8 bytes. Swift's `String` equality is canonical
/// equivalence, so `é` as one code point (NFC) and as `e` plus a combining accent (NFD) would be
/// "the same column" — while every database stores them as two different names. Names are
/// matched with this key wherever columns are looked up by name.
package struct ColumnName: Hashable, Sendable {
    package let bytes: [UInt8]

    package init(_ name: String) { bytes = Array(name.utf8) }

    /// The key with ASCII letters lowercased: how SQLite (and MySQL, SQL Server by default)
    /// compare column names.
    package var caseFolded: ColumnName {
        ColumnName(bytes: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 })
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// The first pair of `names` that are one name as a target compares them (by bytes, with
    /// ASCII case folded when `foldingCase`), if any.
    package static func firstClash(in names: [String], foldingCase: Bool) -> (String, String)? {
        var seen: [ColumnName: String] = [:]
        for name in names {
            let key = foldingCase ? ColumnName(name).caseFolded : ColumnName(name)
            if let earlier = seen[key] { return (earlier, name) }
            seen[key] = name
        }
        return nil
    }

    /// Pairs of `names` that are canonically equivalent Unicode but different bytes (NFC and NFD
    /// spellings): they load as two columns, which a person rarely means.
    package static func canonicalTwins(in names: [String]) -> [(String, String)] {
        // `String` keys are equal for canonically equivalent spellings: a hit whose bytes differ
        // is a twin.
        var first: [String: String] = [:]
        var pairs: [(String, String)] = []
        for name in names {
            if let earlier = first[name] {
                if ColumnName(earlier) != ColumnName(name) { pairs.append((earlier, name)) }
            } else {
                first[name] = name
            }
        }
        return pairs
    }
}
