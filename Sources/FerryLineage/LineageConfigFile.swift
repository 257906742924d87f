import FerryCore

/// The `transport` section of an OpenLineage client YAML file (`OPENLINEAGE_CONFIG`), in the
/// Python and Java clients' format:
///
/// ```yaml
/// transport:
///   type: http                      # or file (log_file_path), or console
///   url: https://marquez:5000
///   endpoint: api/v1/lineage
///   timeout: 5                      # seconds
///   compression: gzip
///   auth:
///     type: api_key
///     apiKey: ...
/// ```
enum LineageConfigFile {
    static func transport(_ document: JSONValue) -> Result<LineageTransport, LineageConfigProblem> {
        guard case let .object(top) = document, let section = top.first(where: { $0.key == "transport" })?.value,
              case let .object(fields) = section else {
            return .failure(LineageConfigProblem(reason: "has no transport section"))
        }
        func text(_ key: String, in members: [(key: String, value: JSONValue)] = fields) -> String? {
            guard case let .string(value)? = members.first(where: { $0.key == key })?.value, !value.isEmpty else { return nil }
            return value
        }
        switch text("type") {
        case "http":
            guard let url = text("url"), url.hasPrefix("http://") || url.hasPrefix("https://") else {
                return .failure(LineageConfigProblem(reason: "transport.url must be an http:// or https:// URL"))
            }
            var http = HTTPLineageTransport(url: url, endpoint: text("endpoint") ?? HTTPLineageTransport.defaultEndpoint)
            if let timeout = text("timeout") {
                guard let seconds = Double(timeout), seconds > 0, seconds <= 300 else {
                    return .failure(LineageConfigProblem(reason: "transport.timeout must be a number of seconds greater than 0 and at most 300"))
                }
                http.timeoutSeconds = seconds
            }
            if let compression = text("compression") {
                guard ["gzip", "none"].contains(compression) else {
                    return .failure(LineageConfigProblem(reason: "transport.compression must be gzip or none"))
                }
                http.gzip = compression == "gzip"
            }
            if case let .object(auth)? = fields.first(where: { $0.key == "auth" })?.value {
                guard text("type", in: auth) == "api_key", let key = text("apiKey", in: auth) ?? text("api_key", in: auth) else {
                    return .failure(LineageConfigProblem(reason: "transport.auth must be type api_key with an apiKey"))
                }
                http.apiKey = Secret(key)
            }
            return .success(.http(http))
        case "file":
            guard let path = text("log_file_path") ?? text("path") else {
                return .failure(LineageConfigProblem(reason: "a file transport needs log_file_path"))
            }
            return .success(.file(path: path))
        case "console":
            return .success(.console)
        case let other:
            return .failure(LineageConfigProblem(reason: "transport.type \(other.map { "\"\($0)\"" } ?? "(missing)") is not http, file or console"))
        }
    }
}
