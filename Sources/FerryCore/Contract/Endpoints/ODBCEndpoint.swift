/// A database reached through an ODBC driver (unixODBC): a table to load, or a table or query
/// to read.
///
/// `connection` is a data source name (`warehouse`, configured in `odbc.ini`) or a full
/// connection string (`Driver={PostgreSQL Unicode};Server=db;Database=shop;UID=u;PWD=p`). It may
/// carry a password, so it is a `Secret`: shown with every secret attribute (`PWD`, `Password`,
/// tokens and keys) replaced by `***`.
package struct ODBCEndpoint: TableEndpoint {
    package var connection: Secret
    /// The schema (catalog schema) of the table; nil: the driver's default.
    package var schema: String?
    package var table: String?
    /// A query, for sources only.
    package var query: String?

    package init(connection: Secret, schema: String? = nil, table: String? = nil, query: String? = nil) {
        self.connection = connection
        self.schema = schema
        self.table = table
        self.query = query
    }

    package static let kind = "odbc"
    package static let targetModes = LoadMode.allCases

    package static func members(as role: EndpointRole) -> [String] {
        role == .source ? ["connection", "schema", "table", "query"] : ["connection", "schema", "table"]
    }

    package static func read(_ r: inout ObjectReader, issues: IssueCollector, role: EndpointRole) -> ODBCEndpoint? {
        let connection = r.string("connection", required: true).map(Secret.init)
        let schema = r.string("schema")
        let table = r.string("table")
        let query = role == .target ? nil : r.string("query")
        if role == .source {
            TableOrQuery.check(table: table, query: query, of: "an ODBC source", at: r.path, issues: issues)
        }
        guard let connection else { return nil }
        return ODBCEndpoint(connection: connection, schema: schema, table: table, query: query)
    }

    /// `odbc:DSN` or `odbc:CONNECTION-STRING` (`odbc:Driver={PostgreSQL Unicode};Server=db`).
    package static func address(_ text: String, role: EndpointRole) -> [(key: String, value: JSONValue)]? {
        guard text.hasPrefix("odbc:"), text.count > "odbc:".count else { return nil }
        return [("connection", .string(String(text.dropFirst("odbc:".count))))]
    }

    package static let addressSyntax = "odbc:DSN or odbc:CONNECTION-STRING"

    /// The connection as it may be shown: secret attribute values replaced by `***`.
    package var redactedConnection: String { ODBCConnectionString.redacted(connection.reveal()) }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        var m: [(key: String, value: JSONValue)] = [("kind", .string(Self.kind)), ("connection", .string(redactedConnection))]
        if let schema { m.append(("schema", .string(schema))) }
        if let table { m.append(("table", .string(table))) }
        if let query { m.append(("query", .string(query))) }
        return m
    }

    /// `schema.table`, or just the table when no schema is given.
    private var qualifiedTable: String { [schema, table].compactMap { $0 }.joined(separator: ".") }

    package var displayURI: String { "odbc:\(redactedConnection)#\(qualifiedTable.isEmpty ? "(query)" : qualifiedTable)" }

    package var shortName: String {
        "odbc:\(redactedConnection):\(qualifiedTable.isEmpty ? (query != nil ? "(query)" : "") : qualifiedTable)"
    }

    package var objectName: String { qualifiedTable }

}

extension Endpoint {
    /// A odbc endpoint.
    package static func odbc(_ endpoint: ODBCEndpoint) -> Endpoint { Endpoint(endpoint) }
}

/// Hides secrets in ODBC connection strings: `attribute=value` pairs separated by `;`, where a
/// value in braces (`{a;b}`, `}}` for a literal brace) may hold `;` and `=`.
package enum ODBCConnectionString {
    /// `DSN=w;UID=u;PWD={p;w}` → `DSN=w;UID=u;PWD=***`. Hidden: every attribute whose name, in
    /// any letter case, contains `pass`, `pwd`, `secret`, `token` or `key` (`PrivateKey`,
    /// `AccessKey`, `OAuthToken`, …) or is a misspelling of `password`. A string without `=` is a
    /// data source name and shown as it is.
    package static func redacted(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            let nameStart = i
            while i < chars.count, chars[i] != "=", chars[i] != ";" { i += 1 }
            let name = String(chars[nameStart..<i])
            out += name
            guard i < chars.count, chars[i] == "=" else {
                if i < chars.count { out.append(";"); i += 1 }
                continue
            }
            out.append("="); i += 1
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
            out += isSecret(name) ? "***" : String(chars[valueStart..<i])
            if i < chars.count { out.append(";"); i += 1 }
        }
        return out
    }

    /// The `attribute=value` pairs in order (braces removed from braced values); a string
    /// without `=` is a data source name: `[("DSN", text)]`.
    package static func attributes(_ text: String) -> [(key: String, value: String)] {
        guard text.contains("=") else { return text.isEmpty ? [] : [("DSN", text)] }
        var pairs: [(key: String, value: String)] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let nameStart = i
            while i < chars.count, chars[i] != "=", chars[i] != ";" { i += 1 }
            let name = String(chars[nameStart..<i]).filter { !$0.isWhitespace }
            guard i < chars.count, chars[i] == "=" else { i += 1; continue }
            i += 1
            var value = ""
            if i < chars.count, chars[i] == "{" {
                i += 1
                while i < chars.count {
                    if chars[i] == "}" {
                        if i + 1 < chars.count, chars[i + 1] == "}" { value.append("}"); i += 2; continue }
                        i += 1
                        break
                    }
                    value.append(chars[i]); i += 1
                }
                while i < chars.count, chars[i] != ";" { i += 1 }
            } else {
                let start = i
                while i < chars.count, chars[i] != ";" { i += 1 }
                value = String(chars[start..<i])
            }
            i += 1
            if !name.isEmpty { pairs.append((name, value)) }
        }
        return pairs
    }

    /// The values `redacted` hides, as they appear in `text` (braced, when they are) and without
    /// their braces, longest first: for scrubbing driver messages that echo one.
    package static func secretValues(_ text: String) -> [String] {
        var values: [String] = []
        for (name, value) in attributes(text) where isSecret(name) && !value.isEmpty {
            values.append(value)
            // As written: braced, or with its brace never closed (`PWD={p}}w`, to the end).
            let open = "{" + value.replacing("}", with: "}}")
            if text.contains(open + "}") { values.append(open + "}") } else if text.contains(open) { values.append(open) }
        }
        return values.sorted { $0.count > $1.count }
    }

    /// `PWD`, and any name containing `pass`, `pwd`, `secret`, `token` or `key`, or close to
    /// `password` (a misspelt `Pasword` is still a password).
    static func isSecret(_ name: String) -> Bool {
        let key = String(name.filter { !$0.isWhitespace }).lowercased()
        return ["pass", "pwd", "secret", "token", "key"].contains { key.contains($0) }
            || Suggestion.closest(to: key, among: ["password"]) != nil
    }
}
