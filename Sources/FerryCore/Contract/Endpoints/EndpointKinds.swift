/// The endpoint kinds a request may name: the one list every part of Ferry reads (the request
/// parser, the command line's addresses, the connectors, lineage naming).
package struct EndpointKinds: Sendable {
    package let kinds: [any EndpointConfiguration.Type]

    package init(_ kinds: [any EndpointConfiguration.Type]) { self.kinds = kinds }

    /// Every kind this build of Ferry knows.
    package static let all = EndpointKinds([
        FileEndpoint.self,
        SQLiteEndpoint.self,
        PostgresEndpoint.self,
        ODBCEndpoint.self,
        ParquetEndpoint.self,
    ])

    /// The kind named `kind`.
    package func named(_ kind: String) -> (any EndpointConfiguration.Type)? {
        kinds.first { $0.kind == kind }
    }

    /// The kinds' names, as requests spell them.
    package var names: [String] { kinds.map { $0.kind } }

    /// Reads the `kind` discriminator of an endpoint object; reports an unknown kind.
    func read(_ r: inout ObjectReader, issues: IssueCollector, role: EndpointRole) -> (any EndpointConfiguration.Type)? {
        guard let name = r.string("kind", required: true) else { return nil }
        let playing = kinds.filter { $0.plays(role) }.map { $0.kind }
        guard let kind = named(name), kind.plays(role) else {
            let hint = Suggestion.closest(to: name, among: playing).map { "; did you mean \"\($0)\"?" } ?? ""
            let what = named(name) == nil ? "is not one of" : "is not a \(role.rawValue) kind; a \(role.rawValue) is one of"
            issues.report(r.path.appending("kind"), "\"\(name)\" \(what) \(playing.joined(separator: ", "))\(hint)")
            return nil
        }
        return kind
    }

    /// Whether `text` starts like a URI or a `kind:` address (`odbc:…`, `postgresql://…`): letters,
    /// digits, `+`, `-` or `.` up to a colon. A path such as `data/shop.db` does not.
    package static func hasScheme(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        return text[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    /// The address syntaxes of every kind, for help texts and errors.
    package func addressSyntaxes(as role: EndpointRole) -> [String] {
        kinds.filter { $0.plays(role) }.map { $0.addressSyntax }
    }

    /// The kind whose command-line address `text` is, with the request members it stands for.
    package func address(_ text: String, role: EndpointRole) -> (kind: any EndpointConfiguration.Type, members: [(key: String, value: JSONValue)])? {
        // A fallback kind (a file path) takes only what no other kind claims.
        let playing = kinds.filter { $0.plays(role) }
        for kind in playing.filter({ !$0.isAddressFallback }) + playing.filter({ $0.isAddressFallback }) {
            if let members = kind.address(text, role: role) { return (kind, members) }
        }
        return nil
    }
}
