/// Hides secrets in ODBC connection strings: `attribute=value` pairs separated by `;`, where a
/// value in braces (`{a;b}`, `}}` for a literal brace) may hold `;` and `=`.
///
/// Parsing is on UTF-8 bytes, as unixODBC and the drivers read the string: Swift `Character`s
/// would join `=` or `;` with a following combining mark, so `PWD=\u{301}secret` would read as
/// one attribute name with no value and be shown.
package enum ODBCConnectionString {
    /// `DSN=w;UID=u;PWD={p;w}` → `DSN=w;UID=u;PWD=***`. Hidden: every attribute whose name, in
    /// any letter case, contains `pass`, `pwd`, `secret`, `token` or `key` (`PrivateKey`,
    /// `AccessKey`, `OAuthToken`, …) or is a misspelling of `password`; a value whose brace is
    /// never closed; and the password of a URL inside any other value
    /// (`Database=postgresql://u:pw@h` → `Database=postgresql://u:***@h`). A string without `=`
    /// is a data source name and shown as it is.
    package static func redacted(_ text: String) -> String {
        var out = ""
        for pair in pairs(Array(text.utf8)) {
            out += string(pair.name)
            if let value = pair.rawValue {
                out += "=" + (isSecret(pair.name) || !pair.closed ? "***" : ConnectionString.shownValue(string(value)))
            }
            if pair.separated { out += ";" }
        }
        return out
    }

    /// The `attribute=value` pairs in order (braces removed from braced values); a string
    /// without `=` is a data source name: `[("DSN", text)]`.
    package static func attributes(_ text: String) -> [(key: String, value: String)] {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "=")) else { return text.isEmpty ? [] : [("DSN", text)] }
        return pairs(bytes).compactMap { pair in
            let name = String(string(pair.name).filter { !$0.isWhitespace })
            guard pair.rawValue != nil, !name.isEmpty else { return nil }
            return (name, string(pair.value))
        }
    }

    /// The values `redacted` hides, as they appear in `text` (braced, when they are) and without
    /// their braces, longest first: for scrubbing driver messages that echo one. A value that
    /// holds a URL with a password is among them.
    package static func secretValues(_ text: String) -> [String] {
        var values: [String] = []
        for pair in pairs(Array(text.utf8)) {
            guard let raw = pair.rawValue else { continue }
            let value = string(pair.value)
            guard !value.isEmpty, isSecret(pair.name) || !pair.closed || ConnectionString.shownValue(value) != value else { continue }
            values.append(value)
            let shown = string(raw)
            if shown != value { values.append(shown) }
        }
        return values.sorted { $0.utf8.count > $1.utf8.count }
    }

    /// One `name[=value]` piece of the string.
    private struct Pair {
        var name: ArraySlice<UInt8>
        /// The value as written (braces included); nil when there is no `=`.
        var rawValue: ArraySlice<UInt8>?
        /// The value without braces, `}}` read as `}`.
        var value: [UInt8]
        /// False for a braced value whose closing brace is missing.
        var closed: Bool
        /// Whether a `;` follows.
        var separated: Bool
    }

    private static func pairs(_ chars: [UInt8]) -> [Pair] {
        let semicolon = UInt8(ascii: ";"), equals = UInt8(ascii: "="), open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var result: [Pair] = []
        var i = 0
        while i < chars.count {
            let nameStart = i
            while i < chars.count, chars[i] != equals, chars[i] != semicolon { i += 1 }
            var pair = Pair(name: chars[nameStart..<i], rawValue: nil, value: [], closed: true, separated: false)
            if i < chars.count, chars[i] == equals {
                i += 1
                let valueStart = i
                if i < chars.count, chars[i] == open {
                    i += 1
                    pair.closed = false
                    while i < chars.count {
                        if chars[i] == close {
                            if i + 1 < chars.count, chars[i + 1] == close { pair.value.append(close); i += 2; continue }
                            i += 1
                            pair.closed = true
                            break
                        }
                        pair.value.append(chars[i]); i += 1
                    }
                    while i < chars.count, chars[i] != semicolon { i += 1 }
                } else {
                    while i < chars.count, chars[i] != semicolon { i += 1 }
                    pair.value = Array(chars[valueStart..<i])
                }
                pair.rawValue = chars[valueStart..<i]
            }
            if i < chars.count { pair.separated = true; i += 1 }
            result.append(pair)
        }
        return result
    }

    private static func string(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Whether an attribute named `name` holds a secret (also used for libpq pairs inside ODBC
    /// values, `ConnectionString.redactedAddress`).
    static func isSecret(_ name: String) -> Bool { isSecret(ArraySlice(name.utf8)) }

    /// `PWD`, and any name containing `pass`, `pwd`, `secret`, `token` or `key`, or close to
    /// `password` (a misspelt `Pasword` is still a password).
    private static func isSecret(_ name: ArraySlice<UInt8>) -> Bool {
        let key = String(string(name).filter { !$0.isWhitespace }).lowercased()
        return ["pass", "pwd", "secret", "token", "key"].contains { key.contains($0) }
            || Suggestion.closest(to: key, among: ["password"]) != nil
    }
}
