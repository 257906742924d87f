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
        secrets = ODBCConnectionString.secretValues(driverConnect)
    }

    /// `text` with every secret value replaced by `***` and any connection string in it redacted.
    func scrub(_ text: String) -> String {
        SecretScrubber.scrub(text, secrets)
    }
}
