/// Hides passwords in PostgreSQL URIs and conninfo strings, following libpq's own parsing rules
/// so that nothing libpq would read as a password is ever shown.
package enum ConnectionString {
    /// `postgresql://u:pw@h/db?sslpassword=x` → `postgresql://u:***@h/db?sslpassword=***`;
    /// `host=h password='p w'` → `host=h password=***`. Every key ending in `password`
    /// (`password`, `sslpassword`) is hidden, in any letter case and percent-encoding.
    package static func redacted(_ text: String) -> String {
        // libpq takes a string as a URI only when it starts with one of these prefixes.
        for prefix in ["postgresql://", "postgres://"] where text.hasPrefix(prefix) {
            return prefix + redactURI(String(text.dropFirst(prefix.count)))
        }
        return redactConninfo(text)
    }

    /// Any address a user typed, as it may be echoed in an error: a URL of any scheme with the
    /// password of its user part hidden (`mysql://u:pw@h` → `mysql://u:***@h`); else the ODBC rules
    /// (`PWD=…`, tokens, keys) for `a=b;c=d` strings and libpq's (`redacted`) for the rest.
    package static func redactedAddress(_ text: String) -> String {
        // A URL only when what precedes `://` is a scheme: `password=pw dbname=mysql://h` is a
        // conninfo string whose password comes before the first colon.
        if !text.hasPrefix("postgresql://"), !text.hasPrefix("postgres://"), let colon = text.firstIndex(of: ":"),
           text[colon...].hasPrefix("://"), EndpointKinds.hasScheme(text) {
            let rest = text.index(colon, offsetBy: 3)
            return String(text[..<rest]) + redactURI(String(text[rest...]))
        }
        // A PostgreSQL URI may hold `;` (in its password, say) and is still libpq's.
        if text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") { return redacted(text) }
        // `attribute=value;…` is an ODBC connection string; otherwise libpq's key=value form.
        // libpq's pairs inside an ODBC value (`Server=h password=pw`) are hidden too.
        return text.contains(";") ? hidingSecretPairs(ODBCConnectionString.redacted(text)) : redacted(text)
    }

    /// Every `key=value` token (between whitespace and `;`) whose key names a secret, by the ODBC
    /// rules, becomes `key=***`; a value in single quotes (libpq's, `\` escaping) is hidden whole.
    private static func hidingSecretPairs(_ text: String) -> String {
        let chars = Array(text)
        func isSeparator(_ c: Character) -> Bool { c.isWhitespace || c == ";" }
        var out = ""
        var i = 0
        while i < chars.count {
            if isSeparator(chars[i]) { out.append(chars[i]); i += 1; continue }
            let start = i
            while i < chars.count, !isSeparator(chars[i]), chars[i] != "=" { i += 1 }
            guard i < chars.count, chars[i] == "=", ODBCConnectionString.isSecret(String(chars[start..<i])) else {
                while i < chars.count, !isSeparator(chars[i]) { i += 1 }
                // A URL in a shown value keeps its user, not its password (`dbname='postgresql://u:pw@h'`).
                out += shownValue(String(chars[start..<i]))
                continue
            }
            out += String(chars[start...i]) + "***"
            i += 1
            if i < chars.count, chars[i] == "'" {
                i += 1
                while i < chars.count, chars[i] != "'" { i += chars[i] == "\\" ? 2 : 1 }
                i = min(i + 1, chars.count)
            }
            while i < chars.count, !isSeparator(chars[i]) { i += chars[i] == "\\" ? 2 : 1 }
            i = min(i, chars.count)
        }
        return out
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

    private static func isSecretKey(_ key: some StringProtocol) -> Bool {
        !shownKeys.contains(percentDecoded(key).lowercased())
    }

    /// A shown value, with the password of any URL inside it hidden (`dbname='postgresql://u:pw@h'`).
    package static func shownValue(_ value: String) -> String {
        guard let scheme = value.firstRange(of: "://") else { return value }
        return String(value[..<scheme.upperBound]) + redactURI(String(value[scheme.upperBound...]))
    }

    /// libpq ends the user part only at `@` (the last one before the host) and the authority at `/`.
    /// Scans Unicode scalars, as libpq scans bytes: `@` followed by a combining mark is one Swift
    /// `Character` but still libpq's `@`.
    private static func redactURI(_ rest: String) -> String {
        let scalars = rest.unicodeScalars
        let authorityEnd = scalars.firstIndex(of: "/") ?? scalars.endIndex
        guard let at = scalars[..<authorityEnd].lastIndex(of: "@") else { return redactQuery(rest) }
        let userInfo = scalars[..<at]
        let user = userInfo.firstIndex(of: ":").map { String(userInfo[..<$0]) + ":***" } ?? String(userInfo)
        return user + "@" + redactQuery(String(scalars[scalars.index(after: at)...]))
    }

    /// Hides the values of secret parameters after the first `?`, and the password of a URL that
    /// libpq would take as the database name (`postgresql://h/postgresql://u:pw@x`) or as a shown
    /// parameter's value, percent-decoded as libpq decodes them.
    private static func redactQuery(_ text: String) -> String {
        let q = text.firstIndex(of: "?") ?? text.endIndex
        let path = withURLRedacted(text[..<q])
        guard q < text.endIndex else { return path }
        let params = text[text.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map { p -> String in
            let pair = p.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pair.first ?? ""
            if isSecretKey(key) { return key + "=***" }
            return pair.count < 2 ? String(p) : key + "=" + withURLRedacted(pair[1])
        }
        return path + "?" + params.joined(separator: "&")
    }

    /// `text` as it is, unless it holds a URL once percent-decoded: then decoded, its password hidden.
    private static func withURLRedacted(_ text: Substring) -> String {
        let decoded = percentDecoded(text)
        return decoded.contains("://") ? shownValue(decoded) : String(text)
    }

    /// `key = value` pairs separated by any whitespace; a value is single-quoted (with `\'` and
    /// `\\`) or runs to the next whitespace, where a backslash escapes the next character.
    private static func redactConninfo(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        func isSpace(_ c: Character) -> Bool { c.isWhitespace }
        while i < chars.count {
            // Whitespace between pairs is kept as it is.
            while i < chars.count, isSpace(chars[i]) { out.append(chars[i]); i += 1 }
            let keyStart = i
            while i < chars.count, chars[i] != "=", !isSpace(chars[i]) { i += 1 }
            let key = String(chars[keyStart..<i])
            out += key
            while i < chars.count, isSpace(chars[i]) { out.append(chars[i]); i += 1 }
            guard i < chars.count, chars[i] == "=" else { continue }
            out.append("="); i += 1
            while i < chars.count, isSpace(chars[i]) { out.append(chars[i]); i += 1 }
            let valueStart = i
            if i < chars.count, chars[i] == "'" {
                i += 1
                while i < chars.count, chars[i] != "'" { i += chars[i] == "\\" ? 2 : 1 }
                i = min(i + 1, chars.count)
            }
            // Text glued to a closing quote (`password='a'b`), which libpq refuses, goes with the
            // value: it is most likely part of the password.
            while i < chars.count, !isSpace(chars[i]) { i += chars[i] == "\\" ? 2 : 1 }
            i = min(i, chars.count)
            out += isSecretKey(key) ? "***" : shownValue(String(chars[valueStart..<i]))
        }
        return out
    }

    /// `%77` → `w`; invalid escapes are kept.
    private static func percentDecoded(_ s: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == 0x25, i + 2 < u.count, let v = UInt8(String(decoding: u[i + 1...i + 2], as: UTF8.self), radix: 16) {
                bytes.append(v); i += 3
            } else {
                bytes.append(u[i]); i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
