import FerryCore
@testable import FerryODBC
@testable import FerryPostgres

/// The redaction target: builds connection strings from the input with canary passwords in every
/// place a password can take, and fails when a canary in a password's place shows in what Ferry
/// displays.
///
/// The input is a template; each `\u{1}` in it stands for a canary of its own (`Kx9CanaryAPw`,
/// `…BPw`, …), so a canary the template puts in a shown place (a host) is told apart from one in
/// a password. Variants: the template itself; a PostgreSQL URI with the canary `…ZPw` as the
/// user's password or as `password=`/`sslpassword=` query parameters; conninfo strings with
/// `password=`, `sslpassword=` and a misspelt `pasword=` before or after the template, quoted and
/// bare; URLs of other schemes; ODBC strings with `PWD`, `Password`, braced values and
/// secret-named attributes.
///
/// Oracles: libpq itself (`PGConnectionInfo`, `PQconninfoParse`) says which values it reads as
/// passwords; their canaries must be hidden by `ConnectionString.redacted` and `redactedAddress`,
/// and `PGConnectionInfo.scrubbed` must hide them in a server message that quotes such a value.
/// Where the canary is the first pair or the user's password of a URL, it must be hidden whatever
/// follows. For ODBC, the canaries in every attribute
/// `ODBCConnectionString.attributes` reads whose name holds pwd/pass/secret/token/key must be
/// hidden by `redacted` and scrubbed from driver messages that echo the string.
enum RedactionFuzz {
    /// The canary the variants insert; the template's own are `canary(0)`, `canary(1)`, ….
    static let canary = "Kx9CanaryZPw"

    static func canary(_ index: Int) -> String {
        "Kx9Canary\(Character(Unicode.Scalar(UInt8(65 + index % 25))))Pw"
    }

    static func run(_ bytes: [UInt8]) {
        // libpq reads C strings: a NUL ends them, so none is left in the template.
        let template = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
        guard !template.contains("Kx9Canary") else { return }
        let parts = template.split(separator: "\u{1}", omittingEmptySubsequences: false)
        var filled = String(parts[0])
        for (index, part) in parts.dropFirst().enumerated() { filled += canary(index) + part }
        let plain = parts.joined()
        let head = parts.count > 1 ? String(parts[0]) : "u"
        let tail = parts.count > 1 ? parts.dropFirst().joined() : plain

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
        // `/` removed by scalar: a `/` followed by a combining mark is one Character but still the
        // `/` that ends libpq's user part.
        let userPart = String(String.UnicodeScalarView(head.unicodeScalars.filter { $0 != "/" }))
        certain.append("postgresql://\(userPart):\(canary)@\(tail)")
        postgres += certain
        for text in postgres { checkPostgres(text) }
        for text in certain {
            for (name, shown) in [("redacted", ConnectionString.redacted(text)), ("redactedAddress", ConnectionString.redactedAddress(text))]
            where shown.contains(canary) {
                FuzzFinding.fail("ConnectionString.\(name) shows the password of \(text.debugDescription): \(shown.debugDescription)")
            }
        }

        // URLs of any scheme (command-line addresses in usage errors).
        for scheme in ["mysql", "https", "POSTGRESQL", "postgressql"] {
            let url = "\(scheme)://\(userPart):\(canary)@\(tail)"
            let shown = ConnectionString.redactedAddress(url)
            if shown.contains(canary) { FuzzFinding.fail("redactedAddress shows the password of \(url.debugDescription): \(shown.debugDescription)") }
        }

        // ODBC.
        let odbc = [
            filled, "\(plain);PWD=\(canary)", "PWD=\(canary);\(plain)", "PWD={\(canary)};\(plain)",
            "\(plain);Password={\(canary)}", "\(head);PWD={\(canary)\(tail)}", "\(plain);Api Token=\(canary)",
            "DSN=\(plain);UID=u;\(head)PWD=\(canary)\(tail)",
        ]
        for text in odbc { checkODBC(text) }
        for text in ["PWD=\(canary);\(plain)", "PWD={\(canary)};\(plain)"] {
            let shown = ODBCConnectionString.redacted(text)
            if shown.contains(canary) { FuzzFinding.fail("ODBC redacted shows PWD of \(text.debugDescription): \(shown.debugDescription)") }
        }
    }

    /// The canaries in `text`.
    private static func canaries(in text: String) -> [String] {
        guard text.contains("Kx9Canary") else { return [] }
        return ([canary] + (0..<25).map(canary)).filter { text.contains($0) }
    }

    private static func checkPostgres(_ text: String) {
        let info = PGConnectionInfo(text)
        var secret: [String] = []
        for value in info.secrets {
            // A URL inside another option is secret only in its password: the rest is shown.
            let shown = ConnectionString.shownValue(value)
            secret += canaries(in: value).filter { shown == value || !shown.contains($0) }
        }
        guard !secret.isEmpty else { return }
        let outputs = [
            ("ConnectionString.redacted", ConnectionString.redacted(text)),
            ("ConnectionString.redactedAddress", ConnectionString.redactedAddress(text)),
        ] + info.secrets.map {
            // A server message that quotes a value libpq read (a database name holding a URL).
            ("PGConnectionInfo.scrubbed", info.scrubbed("FATAL: database \"\($0)\" does not exist"))
        }
        for (name, output) in outputs {
            for c in secret where output.contains(c) {
                FuzzFinding.fail("libpq reads \(c) as (part of) a password in \(text.debugDescription), and \(name) shows it: \(output.debugDescription)")
            }
        }
    }

    private static func checkODBC(_ text: String) {
        var secret: [String] = []
        for (name, value) in ODBCConnectionString.attributes(text) {
            let key = name.lowercased()
            if ["pwd", "pass", "secret", "token", "key"].contains(where: { key.contains($0) }) { secret += canaries(in: value) }
        }
        guard !secret.isEmpty else { return }
        let connection = ODBCConnectionText(Secret(text))
        let outputs = [
            ("ODBCConnectionString.redacted", ODBCConnectionString.redacted(text)),
            ("ODBCConnectionText.redacted", connection.redacted),
            ("ODBCConnectionText.scrub", connection.scrub("[driver] cannot connect with \(connection.driverConnect)")),
        ]
        for (name, output) in outputs {
            for c in secret where output.contains(c) {
                FuzzFinding.fail("\(c) is in a secret ODBC attribute of \(text.debugDescription), and \(name) shows it: \(output.debugDescription)")
            }
        }
    }
}
