import CLibPQ
import FerryCore

/// What libpq makes of a connection string without connecting (`PQconninfoParse`,
/// `PQconndefaults`): the parts to show people, and the secrets to keep out of messages.
struct PGConnectionInfo {
    /// Options given in the string (keyword → value).
    private(set) var given: [String: String] = [:]
    /// Values libpq would use for options not given: PG* environment variables, compiled-in
    /// defaults (`PQconndefaults`; service files and `~/.pgpass` are read only when connecting).
    private(set) var defaults: [String: String] = [:]
    /// Values of options libpq marks as secret (`dispchar` "*": password, sslpassword…).
    private(set) var secrets: [String] = []
    /// Why the string could not be parsed, with every quoted part of libpq's message removed
    /// (libpq quotes the pieces of the string it could not read, which may be a password).
    private(set) var parseError: String?

    /// Parses `connection` as libpq does: a string with `=` or a `postgres://`/`postgresql://`
    /// prefix is a conninfo string or URI; anything else is a database name.
    init(_ connection: String?) {
        if let connection {
            if Self.isConnectionString(connection) {
                var message: UnsafeMutablePointer<CChar>?
                if let options = PQconninfoParse(connection, &message) {
                    read(options, into: \.given, collectSecrets: true)
                    PQconninfoFree(options)
                } else {
                    parseError = message.map { Self.withoutQuotedParts(String(cString: $0)) } ?? "libpq could not parse it"
                    // "errmsg ... must be freed using PQfreemem".
                    if let message { PQfreemem(message) }
                }
            } else if !connection.isEmpty {
                given["dbname"] = connection
            }
        }
        if let options = PQconndefaults() {
            read(options, into: \.defaults, collectSecrets: false)
            PQconninfoFree(options)
        }
    }

    /// libpq's rule (`recognized_connection_string`): a URI prefix, or any `=`.
    static func isConnectionString(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") || text.contains("=")
    }

    /// The value libpq would use for `keyword`: given, else its default.
    func value(_ keyword: String) -> String? {
        given[keyword] ?? defaults[keyword]
    }

    private mutating func read(
        _ options: UnsafeMutablePointer<PQconninfoOption>, into field: WritableKeyPath<PGConnectionInfo, [String: String]>,
        collectSecrets: Bool
    ) {
        var option = options
        // The array ends with an entry whose keyword is NULL.
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                let text = String(cString: value)
                let name = String(cString: keyword)
                if !text.isEmpty { self[keyPath: field][name] = text }
                if collectSecrets, let display = option.pointee.dispchar, String(cString: display) == "*", !text.isEmpty {
                    secrets.append(text)
                } else if collectSecrets, ConnectionString.shownValue(text) != text {
                    // A URL with a password inside another option (`dbname='postgresql://u:pw@h'`,
                    // which libpq does not expand there): the server may echo it as a name.
                    secrets.append(text)
                }
            }
            option += 1
        }
    }

    /// `text` with the secrets replaced by `***` and passwords in any connection string it quotes
    /// redacted (`ConnectionString.redactedMessage`), on one line.
    func scrubbed(_ text: String) -> String {
        let out = ConnectionString.redactedMessage(SecretScrubber.scrub(text, secrets))
        let lines = out.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingPrefix(while: { $0 == "\t" || $0 == " " }) }
        return lines.joined(separator: " ")
    }

    /// Replaces every `"…"` part of a libpq message with `"…"`.
    static func withoutQuotedParts(_ text: String) -> String {
        var out = ""
        var inside = false
        for character in text {
            if character == "\"" {
                if !inside { out += "\"…\"" }
                inside.toggle()
            } else if !inside {
                out.append(character)
            }
        }
        return out.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
