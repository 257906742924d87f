/// Hides passwords in PostgreSQL URIs and conninfo strings, following libpq's own parsing rules
/// so that nothing libpq would read as a password is ever shown.
///
/// Parsing is on UTF-8 bytes with ASCII whitespace, as libpq does (`conninfo_parse`,
/// `conninfo_uri_parse`): Swift `Character`s would join `=` or `/` with a following combining mark
/// and would split values at Unicode spaces libpq keeps inside a value, so a password could be
/// read as a shown key.
package enum ConnectionString {
    /// `postgresql://u:pw@h/db?sslpassword=x` → `postgresql://u:***@h/db?sslpassword=***`;
    /// `host=h password='p w'` → `host=h password=***`. Every key ending in `password`
    /// (`password`, `sslpassword`) is hidden, in any letter case and percent-encoding. A text
    /// with no `=` that is not a URI is a database name (libpq's rule), shown as `shownValue`.
    package static func redacted(_ text: String) -> String {
        let bytes = Array(text.utf8)
        // libpq takes a string as a URI only when it starts with one of these prefixes.
        for prefix in ["postgresql://", "postgres://"] where bytes.starts(with: prefix.utf8) {
            return prefix + redactURI(bytes[prefix.utf8.count...])
        }
        guard bytes.contains(UInt8(ascii: "=")) else { return shownValue(text) }
        return redactConninfo(bytes)
    }

    /// A driver or server message with any connection string it quotes redacted: `key=value`
    /// secrets and URL passwords hidden as in `redacted`, but the message's own words kept (they
    /// are not bare conninfo keys).
    package static func redactedMessage(_ text: String) -> String {
        let bytes = Array(text.utf8)
        for prefix in ["postgresql://", "postgres://"] where bytes.starts(with: prefix.utf8) {
            return prefix + redactURI(bytes[prefix.utf8.count...])
        }
        guard bytes.contains(UInt8(ascii: "=")) else { return shownValue(text) }
        return redactConninfo(bytes, hidingBareWords: false)
    }

    /// Any address a user typed, as it may be echoed in an error: a URL of any scheme with the
    /// password of its user part hidden (`mysql://u:pw@h` → `mysql://u:***@h`), also with too few
    /// slashes (`postgresql:/u:pw@h`, `postgresql:u:pw@h`); the ODBC rules (`PWD=…`, tokens,
    /// keys) for `a=b;c=d` strings and libpq's (`redacted`) for other `key=value` strings; anything
    /// else (a file path) as it is.
    package static func redactedAddress(_ text: String) -> String {
        let bytes = Array(text.utf8)
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), isScheme(bytes[..<colon]), bytes[colon...].starts(with: "://".utf8) {
            if bytes.starts(with: "postgresql://".utf8) || bytes.starts(with: "postgres://".utf8) { return redacted(text) }
            return string(bytes[...(colon + 2)]) + redactURI(bytes[(colon + 3)...])
        }
        if bytes.contains(UInt8(ascii: "=")) {
            // `attribute=value;…` is an ODBC connection string; otherwise libpq's key=value form.
            // libpq's pairs inside an ODBC value (`Server=h password=pw`) are hidden too.
            // And what libpq itself would read as a password runs to the next whitespace, past `;`.
            guard bytes.contains(UInt8(ascii: ";")) else { return redactConninfo(bytes) }
            let libpqHidden = redactConninfo(bytes, hidingBareWords: false, isSecret: { ["password", "sslpassword"].contains(string($0)) })
            return hidingSecretPairs(ODBCConnectionString.redacted(libpqHidden))
        }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return text }
        // `scheme:` or `scheme:/` before a user part: hide what follows the user's name.
        var start = bytes.startIndex
        if let colon = bytes[..<at].firstIndex(of: UInt8(ascii: ":")), isScheme(bytes[..<colon]) {
            start = colon + 1
            while start < at, bytes[start] == UInt8(ascii: "/") { start += 1 }
        }
        guard let colon = bytes[start..<at].firstIndex(of: UInt8(ascii: ":")) else { return text }
        return string(bytes[...colon]) + "***" + string(bytes[at...])
    }

    /// Every `key=value` token (between whitespace and `;`) whose key names a secret by the ODBC
    /// rules becomes `key=***`; a single-quoted value (libpq's, `\` escaping) is hidden whole; the
    /// other tokens are shown with the password of any URL in them hidden.
    private static func hidingSecretPairs(_ text: String) -> String {
        let chars = Array(text.utf8)
        func isSeparator(_ c: UInt8) -> Bool { isSpace(c) || c == UInt8(ascii: ";") }
        var out: [UInt8] = []
        var i = 0
        while i < chars.count {
            if isSeparator(chars[i]) { out.append(chars[i]); i += 1; continue }
            let start = i
            while i < chars.count, !isSeparator(chars[i]), chars[i] != UInt8(ascii: "=") { i += 1 }
            guard i < chars.count, chars[i] == UInt8(ascii: "="), ODBCConnectionString.isSecret(string(chars[start..<i])) else {
                while i < chars.count, !isSeparator(chars[i]) { i += 1 }
                // A URL anywhere in a shown token, even in what reads as a name, keeps its user
                // but not its password.
                out += hidingURLPasswords(chars[start..<i])
                continue
            }
            out += hidingURLPasswords(chars[start..<i])
            out += "=***".utf8
            i += 1
            if i < chars.count, chars[i] == UInt8(ascii: "'") {
                i += 1
                while i < chars.count, chars[i] != UInt8(ascii: "'") { i += chars[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i = min(i + 1, chars.count)
            }
            while i < chars.count, !isSeparator(chars[i]) { i += chars[i] == UInt8(ascii: "\\") ? 2 : 1 }
            i = min(i, chars.count)
        }
        return string(out[...])
    }

    /// Keys whose values are shown: libpq's options that hold no secret. The value of any other
    /// key is hidden: `password` and `sslpassword`, and also a misspelt or unknown key
    /// (`pasword=…`), which libpq refuses but whose value is most likely a password.
    private static let shownKeys: Set<String> = [
        "host", "hostaddr", "port", "dbname", "user", "passfile", "channel_binding", "connect_timeout", "client_encoding",
        "options", "application_name", "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
        "keepalives_count", "tcp_user_timeout", "replication", "gssencmode", "sslmode", "sslnegotiation", "sslcompression",
        "sslcert", "sslkey", "sslcertmode", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer", "require_auth",
        "ssl_min_protocol_version", "ssl_max_protocol_version", "krbsrvname", "gsslib", "gssdelegation", "service",
        "target_session_attrs", "load_balance_hosts",
    ]

    private static func isSecretKey(_ key: ArraySlice<UInt8>) -> Bool {
        !shownKeys.contains(string(percentDecoded(key)).lowercased())
    }

    /// A shown value, with the password of every URL inside it hidden (`dbname='postgresql://u:pw@h'`,
    /// also several URLs in one value).
    package static func shownValue(_ value: String) -> String {
        let bytes = Array(value.utf8)
        guard firstRange(of: "://", in: bytes[...]) != nil else { return value }
        return string(hidingURLPasswords(bytes[...]))
    }

    /// Every `scheme://user:password@` in `bytes` with the password replaced by `***`: the user part
    /// runs to the last `@` before the next `/` (or the end).
    private static func hidingURLPasswords(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var rest = bytes
        while let scheme = firstRange(of: "://", in: rest) {
            out += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            guard let at = rest[..<authorityEnd].lastIndex(of: UInt8(ascii: "@")),
                  let colon = rest[..<at].firstIndex(of: UInt8(ascii: ":")) else { continue }
            out += rest[..<colon]
            out += Array(":***".utf8)
            rest = rest[at...]
        }
        return out + rest
    }

    /// libpq ends the user part only at `@` (the last one before the host is taken here, which
    /// hides at least what libpq reads) and the authority at `/`. A path (the database name) and
    /// query values are percent-decoded by libpq: one that holds a URL with a password is shown
    /// decoded, with the password hidden.
    private static func redactURI(_ rest: ArraySlice<UInt8>) -> String {
        let authorityEnd = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        var out = ""
        var tail = rest
        if let at = rest[..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) {
            let userInfo = rest[..<at]
            out = userInfo.firstIndex(of: UInt8(ascii: ":")).map { string(userInfo[..<$0]) + ":***" } ?? string(userInfo)
            out += "@"
            tail = rest[(at + 1)...]
        }
        let queryStart = tail.firstIndex(of: UInt8(ascii: "?")) ?? tail.endIndex
        // Host and port, then the path (`/dbname`).
        let pathStart = tail[..<queryStart].firstIndex(of: UInt8(ascii: "/")) ?? queryStart
        out += string(tail[..<pathStart])
        if pathStart < queryStart {
            out += "/" + shownEncodedValue(tail[(pathStart + 1)..<queryStart])
        }
        guard queryStart < tail.endIndex else { return out }
        let params = tail[(queryStart + 1)...].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false).map { p -> String in
            guard let equals = p.firstIndex(of: UInt8(ascii: "=")) else { return isSecretKey(p) ? "***" : string(p) }
            let key = p[..<equals]
            return string(key) + "=" + (isSecretKey(key) ? "***" : shownEncodedValue(p[(equals + 1)...]))
        }
        return out + "?" + params.joined(separator: "&")
    }

    /// A percent-encoded URI part as shown: as written, unless its decoded form holds a URL with a
    /// password, which is then shown decoded and hidden.
    private static func shownEncodedValue(_ value: ArraySlice<UInt8>) -> String {
        let decoded = percentDecoded(value)
        let hidden = hidingURLPasswords(decoded[...])
        return hidden == decoded ? string(value) : string(hidden)
    }

    /// libpq's `isspace` in the C locale.
    private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || (0x09...0x0D).contains(c)
    }

    /// `key = value` pairs separated by whitespace; a value is single-quoted (with `\'` and `\\`)
    /// or runs to the next whitespace, where a backslash escapes the next byte. A value whose
    /// quote is never closed is hidden whatever its key (libpq refuses the string, and the rest
    /// of the text may hold a password); so is a word with no `=` after it unless it is a known
    /// key (in `password secret`, both words).
    private static func redactConninfo(
        _ chars: [UInt8], hidingBareWords: Bool = true, isSecret: (ArraySlice<UInt8>) -> Bool = isSecretKey
    ) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < chars.count {
            // Whitespace between pairs is kept as it is.
            while i < chars.count, isSpace(chars[i]) { out.append(chars[i]); i += 1 }
            let keyStart = i
            while i < chars.count, chars[i] != UInt8(ascii: "="), !isSpace(chars[i]) { i += 1 }
            let key = chars[keyStart..<i]
            var j = i
            while j < chars.count, isSpace(chars[j]) { j += 1 }
            guard j < chars.count, chars[j] == UInt8(ascii: "=") else {
                out += hidingBareWords && isSecret(key) && !key.isEmpty ? Array("***".utf8) : Array(key)
                continue
            }
            out += key
            out += chars[i...j]
            i = j + 1
            while i < chars.count, isSpace(chars[i]) { out.append(chars[i]); i += 1 }
            let valueStart = i
            var closed = true
            if i < chars.count, chars[i] == UInt8(ascii: "'") {
                i += 1
                while i < chars.count, chars[i] != UInt8(ascii: "'") { i += chars[i] == UInt8(ascii: "\\") ? 2 : 1 }
                closed = i < chars.count
                i = min(i + 1, chars.count)
            }
            // Text glued to a closing quote (`password='a'b`), which libpq refuses, goes with the
            // value: it is most likely part of the password.
            while i < chars.count, !isSpace(chars[i]) { i += chars[i] == UInt8(ascii: "\\") ? 2 : 1 }
            i = min(i, chars.count)
            out += isSecret(key) || !closed ? Array("***".utf8) : hidingURLPasswords(chars[valueStart..<i])
        }
        return string(out[...])
    }

    /// `scheme` of RFC 3986: a letter, then letters, digits, `+`, `-` or `.`.
    private static func isScheme(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, isLetter(first) else { return false }
        return bytes.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    private static func isLetter(_ c: UInt8) -> Bool { (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }

    /// The first occurrence of `needle` in `bytes`.
    private static func firstRange(of needle: String, in bytes: ArraySlice<UInt8>) -> Range<Int>? {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return nil }
        var i = bytes.startIndex
        while i + n.count <= bytes.endIndex {
            if bytes[i..<(i + n.count)].elementsEqual(n) { return i..<(i + n.count) }
            i += 1
        }
        return nil
    }

    private static func string(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// `%77` → `w`; invalid escapes are kept.
    private static func percentDecoded(_ u: ArraySlice<UInt8>) -> [UInt8] {
        var bytes: [UInt8] = []
        var i = u.startIndex
        while i < u.endIndex {
            if u[i] == 0x25, i + 2 < u.endIndex, let high = u[i + 1].hexDigitValue, let low = u[i + 2].hexDigitValue {
                bytes.append(high << 4 | low); i += 3
            } else {
                bytes.append(u[i]); i += 1
            }
        }
        return bytes
    }
}
