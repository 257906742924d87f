import FerryCore
@testable import FerryODBC
@testable import FerryPostgres

/// The redaction target: builds connection strings from the input with a canary password in
/// every place a password can take, and fails when the canary shows in what Ferry displays.
///
/// The input is a template; each `\u{1}` in it stands for the canary. Variants: the template
/// itself; a PostgreSQL URI with the canary as the user's password or as `password=`/
/// `sslpassword=` query parameters; conninfo strings with `password=`, `sslpassword=` and a
/// misspelt `pasword=` before or after the template, quoted and bare; URLs of other schemes;
/// ODBC strings with `PWD`, `Password`, braced values and secret-named attributes.
///
/// Oracles: libpq itself (`PGConnectionInfo`, `PQconninfoParse`) says which values it reads as
/// passwords; those must be hidden by `ConnectionString.redacted`, `redactedAddress` and
/// `PGConnectionInfo.scrubbed`. Where the canary is the first pair or the user's password of a URL,
/// it must be hidden whatever follows. For ODBC, every attribute `ODBCConnectionString.attributes`
/// reads whose name holds pwd/pass/secret/token/key must be hidden by `redacted` and scrubbed
/// from driver messages that echo the string.
enum RedactionFuzz {
    static let canary = "Kx9CanaryPw"

    static func run(_ bytes: [UInt8]) {
        // libpq reads C strings: a NUL ends them, so none is left in the template.
        let template = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
        guard !template.contains(canary) else { return }
        let filled = template.replacing("\u{1}", with: canary)
        let plain = template.replacing("\u{1}", with: "")
        let (head, tail) = split(template)

        // PostgreSQL: libpq is the oracle.
        var postgres = [
            filled,
            "postgresql://\(head):\(canary)@\(tail)",
            "postgres://\(plain)?password=\(canary)",
            "postgresql://\(plain)&sslpassword=\(canary)",
            "\(plain) password=\(canary)",
            "\(plain) password='\(canary)'",
        ]
        // The first pair, or a URI's user password before any `/`: hidden whatever follows.
        var certain: [String] = []
        for key in ["password", "sslpassword", "pasword", "PassWord"] {
            certain += ["\(key)=\(canary) \(plain)", "\(key) = '\(canary)' \(plain)", "\(key)='a\\'\(canary)' \(plain)"]
        }
        certain.append("postgresql://\(head.filter { $0 != "/" }):\(canary)@\(tail)")
        postgres += certain
        for text in postgres { checkPostgres(text) }
        for text in certain {
            for (name, shown) in [("redacted", ConnectionString.redacted(text)), ("redactedAddress", ConnectionString.redactedAddress(text))]
            where shown.contains(canary) {
                FuzzFinding.fail("ConnectionString.\(name) shows the password of \(text.debugDescription): \(shown.debugDescription)")
            }
        }

        // URLs of any scheme (command-line addresses in usage errors).
        let userPart = head.filter { $0 != "/" }
        for scheme in ["mysql", "https", "POSTGRESQL", "postgressql"] {
            let url = "\(scheme)://\(userPart):\(canary)@\(tail)"
            let shown = ConnectionString.redactedAddress(url)
            if shown.contains(canary) { FuzzFinding.fail("redactedAddress shows the password of \(url.debugDescription): \(shown.debugDescription)") }
        }

        // ODBC.
        var odbc = [
            filled, "\(plain);PWD=\(canary)", "PWD=\(canary);\(plain)", "PWD={\(canary)};\(plain)",
            "\(plain);Password={\(canary)}", "\(head);PWD={\(canary)\(tail)}", "\(plain);Api Token=\(canary)",
        ]
        odbc.append("DSN=\(plain);UID=u;\(head)PWD=\(canary)\(tail)")
        for text in odbc { checkODBC(text) }
        for text in ["PWD=\(canary);\(plain)", "PWD={\(canary)};\(plain)"] {
            let shown = ODBCConnectionString.redacted(text)
            if shown.contains(canary) { FuzzFinding.fail("ODBC redacted shows PWD of \(text.debugDescription): \(shown.debugDescription)") }
        }
    }

    /// The template before and after its first `\u{1}` (all of it is the tail when there is none).
    private static func split(_ template: String) -> (String, String) {
        guard let mark = template.firstIndex(of: "\u{1}") else { return ("u", template) }
        return (String(template[..<mark]), String(template[template.index(after: mark)...]).replacing("\u{1}", with: ""))
    }

    private static func checkPostgres(_ text: String) {
        let info = PGConnectionInfo(text)
        guard info.secrets.contains(where: { $0.contains(canary) }) else { return }
        let shown = [
            ("ConnectionString.redacted", ConnectionString.redacted(text)),
            ("ConnectionString.redactedAddress", ConnectionString.redactedAddress(text)),
            ("PGConnectionInfo.scrubbed", info.scrubbed("could not connect with \(text)")),
        ]
        for (name, output) in shown where output.contains(canary) {
            FuzzFinding.fail("libpq reads a password in \(text.debugDescription) that \(name) shows: \(output.debugDescription)")
        }
    }

    private static func checkODBC(_ text: String) {
        let secretNamed = ODBCConnectionString.attributes(text).contains { name, value in
            let key = name.lowercased()
            return value.contains(canary) && ["pwd", "pass", "secret", "token", "key"].contains { key.contains($0) }
        }
        guard secretNamed else { return }
        let connection = ODBCConnectionText(Secret(text))
        let shown = [
            ("ODBCConnectionString.redacted", ODBCConnectionString.redacted(text)),
            ("ODBCConnectionText.redacted", connection.redacted),
            ("ODBCConnectionText.scrub", connection.scrub("[driver] cannot connect with \(connection.driverConnect)")),
        ]
        for (name, output) in shown where output.contains(canary) {
            FuzzFinding.fail("the ODBC secret attribute in \(text.debugDescription) shows in \(name): \(output.debugDescription)")
        }
    }
}
