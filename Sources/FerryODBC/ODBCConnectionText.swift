import FerryCore

/// The connection string handed to `SQLDriverConnect`, and what must never be shown of it.
///
/// A text without `=` is a data source name and becomes `DSN=<name>` (braced when it holds `;`,
/// `{` or `}`); anything else is passed as it is. `secrets` are the values of the attributes that
/// `ODBCConnectionString.redacted` hides (`PWD`, `*password*`, `*secret*`, `*token*`, `*key*`), so
/// driver messages that echo one can be scrubbed.
struct ODBCConnectionText: Sendable {
    /// What `SQLDriverConnect` receives.
    let driverConnect: String
    /// The string as it may be shown (`ODBCConnectionString.redacted`).
    let redacted: String
    /// Secret attribute values, longest first, without braces.
    let secrets: [String]

    init(_ connection: Secret) {
        let text = connection.reveal()
        if text.contains("=") {
            driverConnect = text
        } else if text.contains(where: { $0 == ";" || $0 == "{" || $0 == "}" }) {
            driverConnect = "DSN={" + text.replacing("}", with: "}}") + "}"
        } else {
            driverConnect = "DSN=" + text
        }
        redacted = ODBCConnectionString.redacted(driverConnect)
        secrets = Self.secretValues(driverConnect).sorted { $0.count > $1.count }
    }

    /// The values `ODBCConnectionString.redacted` replaces by `***`, found by walking the original
    /// and the redacted string attribute by attribute.
    private static func secretValues(_ text: String) -> [String] {
        let original = attributes(text)
        let shown = attributes(ODBCConnectionString.redacted(text))
        guard original.count == shown.count else { return original.map(\.value).filter { !$0.isEmpty } }
        var out: [String] = []
        for (given, redacted) in zip(original, shown) where given.value != redacted.value && !given.value.isEmpty {
            out.append(given.value)
            let unbraced = unbrace(given.value)
            if unbraced != given.value, !unbraced.isEmpty { out.append(unbraced) }
        }
        return out
    }

    /// `name=value` pairs separated by `;`, where a braced value may hold `;` (as the ODBC
    /// connection string grammar, and `ODBCConnectionString`, read them).
    private static func attributes(_ text: String) -> [(name: String, value: String)] {
        let chars = Array(text)
        var out: [(String, String)] = []
        var i = 0
        while i < chars.count {
            let nameStart = i
            while i < chars.count, chars[i] != "=", chars[i] != ";" { i += 1 }
            let name = String(chars[nameStart..<i])
            guard i < chars.count, chars[i] == "=" else {
                out.append((name, ""))
                i += 1
                continue
            }
            i += 1
            let valueStart = i
            if i < chars.count, chars[i] == "{" {
                i += 1
                while i < chars.count {
                    if chars[i] == "}" {
                        if i + 1 < chars.count, chars[i + 1] == "}" { i += 2; continue }
                        i += 1
                        break
                    }
                    i += 1
                }
            }
            while i < chars.count, chars[i] != ";" { i += 1 }
            out.append((name, String(chars[valueStart..<i])))
            i += 1
        }
        return out
    }

    /// `{p;w}}x}` → `p;w}x`.
    private static func unbrace(_ value: String) -> String {
        guard value.hasPrefix("{"), value.hasSuffix("}"), value.count >= 2 else { return value }
        return String(value.dropFirst().dropLast()).replacing("}}", with: "}")
    }

    /// `text` with every secret value replaced by `***` and any connection string in it redacted.
    func scrub(_ text: String) -> String {
        var out = text
        for secret in secrets { out = out.replacing(secret, with: "***") }
        return out
    }
}
