/// Where OpenLineage events go. Closed: the contract lists every kind.
package enum LineageTransport: Sendable, Equatable {
    /// POST each event to an OpenLineage HTTP endpoint (Marquez, DataHub, OpenMetadata, …).
    case http(HTTPLineageTransport)
    /// Append each event as one line to a file.
    case file(path: String)
    /// Write each event as one line to stderr.
    case console

    static let types = ["http", "file", "console"]

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> LineageTransport? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        guard let type = r.string("type", required: true) else { return nil }
        let transport: LineageTransport?
        switch type {
        case "http":
            transport = HTTPLineageTransport.read(&r, issues: issues).map(LineageTransport.http)
        case "file":
            transport = r.path("path", required: true).map { LineageTransport.file(path: $0) }
        case "console":
            transport = .console
        default:
            let hint = Suggestion.closest(to: type, among: types).map { "; did you mean \"\($0)\"?" } ?? ""
            issues.report(p.appending("type"), "\"\(type)\" is not one of \(types.joined(separator: ", "))\(hint)")
            return nil
        }
        r.finish()
        return transport
    }

    var json: JSONValue {
        switch self {
        case let .http(h): .object([("type", .string("http"))] + h.jsonMembers)
        case let .file(path): .object([("type", .string("file")), ("path", .string(path))])
        case .console: .object([("type", .string("console"))])
        }
    }
}

/// An OpenLineage HTTP endpoint: events are POSTed to `url` + `endpoint`.
package struct HTTPLineageTransport: Sendable, Equatable {
    /// The server, e.g. `http://marquez:5000`.
    package var url: String
    /// The path, default `/api/v1/lineage`.
    package var endpoint: String
    /// Sent as `Authorization: Bearer <key>`; a secret, shown as `***`.
    package var apiKey: Secret?
    /// The most time lineage may add to a run for each event, retries included.
    package var timeoutSeconds: Double
    /// Attempts after the first, for connection failures, timeouts, 429 and 5xx answers.
    package var retries: Int
    /// Whether bodies are gzip-compressed (`Content-Encoding: gzip`).
    package var gzip: Bool

    package static let defaultEndpoint = "/api/v1/lineage"
    package static let defaultTimeoutSeconds = 5.0
    package static let defaultRetries = 2

    package init(
        url: String, endpoint: String = HTTPLineageTransport.defaultEndpoint, apiKey: Secret? = nil,
        timeoutSeconds: Double = HTTPLineageTransport.defaultTimeoutSeconds, retries: Int = HTTPLineageTransport.defaultRetries,
        gzip: Bool = false
    ) {
        self.url = url
        self.endpoint = endpoint
        self.apiKey = apiKey
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.gzip = gzip
    }

    /// `url` as it may be shown: a password in it (`https://u:p@host`) replaced by `***`, the
    /// query string dropped (it may carry a token).
    package var redactedURL: String { Self.redacted(url) }

    /// `text` (a URL) with its password replaced by `***` and no query string.
    package static func redacted(_ text: String) -> String {
        var rest = Substring(text)
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
        guard let schemeEnd = rest.firstRange(of: "://") else { return String(rest) }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = rest[authorityStart...].firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[authorityStart..<authorityEnd].lastIndex(of: "@") else { return String(rest) }
        let userInfo = rest[authorityStart..<at]
        let user = userInfo.firstIndex(of: ":").map { String(userInfo[..<$0]) + ":***" } ?? String(userInfo)
        return String(rest[..<authorityStart]) + user + String(rest[at...])
    }

    /// `url` + `endpoint`, with exactly one `/` between them.
    package var postURL: String {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        let path = endpoint.hasPrefix("/") ? endpoint : "/" + endpoint
        return base + path
    }

    static func read(_ r: inout ObjectReader, issues: IssueCollector) -> HTTPLineageTransport? {
        let url = r.string("url", required: true)
        let endpoint = r.string("endpoint") ?? defaultEndpoint
        let apiKey = r.string("api_key").map(Secret.init)
        let timeout = r.field("timeout_seconds") { v, p, issues -> Double? in
            guard case let .number(text) = v, let seconds = Double(text), seconds > 0, seconds <= 300 else {
                issues.report(p, "expected a number of seconds greater than 0 and at most 300")
                return nil
            }
            return seconds
        }
        let retries = r.integer("retries", in: 0...10) ?? defaultRetries
        let compression = r.field("compression") { v, p, issues -> Bool? in
            switch v {
            case .string("gzip"): return true
            case .string("none"): return false
            default:
                issues.report(p, "expected \"gzip\" or \"none\"")
                return nil
            }
        }
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            issues.report(r.path.appending("url"), "expected an http:// or https:// URL")
            return nil
        }
        guard let url else { return nil }
        return HTTPLineageTransport(
            url: url, endpoint: endpoint, apiKey: apiKey, timeoutSeconds: timeout ?? defaultTimeoutSeconds, retries: retries,
            gzip: compression ?? false)
    }

    var jsonMembers: [(key: String, value: JSONValue)] {
        var m: [(key: String, value: JSONValue)] = [("url", .string(redactedURL)), ("endpoint", .string(endpoint))]
        if apiKey != nil { m.append(("api_key", .string("***"))) }
        m.append(("timeout_seconds", .number(Self.format(timeoutSeconds))))
        m.append(("retries", .int(retries)))
        m.append(("compression", .string(gzip ? "gzip" : "none")))
        return m
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int(seconds)) : String(seconds)
    }
}
