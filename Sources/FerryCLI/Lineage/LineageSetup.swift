import FerryCore
import FerryLineage
import FerryPostgres
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Composes a run's OpenLineage reporting: the configuration from the request and environment,
/// the datasets named from the endpoints (the only place that knows how libpq resolves a
/// connection), and the sender for the transport.
struct LineageSetup {
    let configuration: LineageConfiguration
    let input: LineageDataset
    let output: LineageDataset
    /// Nil when lineage is disabled or no transport is configured.
    let reporter: LineageReporter?

    /// The request's lineage settings over the process environment.
    static func configuration(
        _ settings: LineageSettings?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> LineageConfiguration {
        LineageConfiguration.resolve(settings, environment: environment) { path in
            try? String(contentsOfFile: path, encoding: .utf8)
        }
    }

    init(request: LoadRequest, runID: RunID, configuration: LineageConfiguration) {
        self.configuration = configuration
        input = Self.dataset(request.source)
        output = Self.dataset(request.target)
        guard configuration.enabled, let transport = configuration.transport else {
            reporter = nil
            return
        }
        let jobType: String = if case .file = request.target { "EXPORT" } else { "LOAD" }
        let builder = RunEventBuilder(
            runID: runID, job: request.job, jobType: jobType, ferryVersion: FerryVersion.current,
            parent: configuration.parent, root: configuration.root, input: input, output: output)
        let (sender, timeout): (any LineageSender, Double) = switch transport {
        case let .http(http): (HTTPLineageSender(transport: http, ferryVersion: FerryVersion.current), http.timeoutSeconds)
        case let .file(path): (FileLineageSender(path: path), HTTPLineageTransport.defaultTimeoutSeconds)
        case .console: (ConsoleLineageSender(), HTTPLineageTransport.defaultTimeoutSeconds)
        }
        reporter = LineageReporter(builder: builder, sender: sender, timeoutSeconds: timeout)
    }

    /// The datasets for the result event.
    var runLineage: RunLineage {
        RunLineage(
            inputs: [RunLineage.Dataset(namespace: input.namespace, name: input.name)],
            outputs: [RunLineage.Dataset(namespace: output.namespace, name: output.name)],
            parent: configuration.enabled ? configuration.parent : nil)
    }

    static func dataset(_ source: SourceEndpoint) -> LineageDataset {
        switch source {
        case let .file(f): file(f.path)
        case let .sqlite(s): sqlite(s.path, table: s.table)
        case let .postgres(p): postgres(p, table: p.table)
        case let .odbc(o): odbc(o)
        }
    }

    static func dataset(_ target: TargetEndpoint) -> LineageDataset {
        switch target {
        case let .file(f): file(f.path)
        case let .sqlite(s): sqlite(s.path, table: s.table)
        case let .postgres(p): postgres(p, table: p.table)
        case let .odbc(o): odbc(o)
        }
    }

    /// `odbc://{data source}` + `[{database}.]{schema}.{table}`: the data source is the DSN, or the
    /// connection string's `Server`[:`Port`]; no attribute that may hold a secret is used.
    private static func odbc(_ endpoint: ODBCEndpoint) -> LineageDataset {
        let attributes = ODBCConnectionString.attributes(endpoint.connection.reveal())
        func value(_ names: String...) -> String? {
            names.lazy.compactMap { name in attributes.first { $0.key.lowercased() == name }?.value }.first
        }
        let source: String
        if let server = value("server", "servername", "host") {
            source = server + (value("port").map { ":" + $0 } ?? "")
        } else {
            source = value("dsn") ?? "default"
        }
        let namespace = "odbc://" + source
        let parts = [value("database", "dbname"), endpoint.schema, endpoint.table ?? "(query)"].compactMap { $0 }
        return LineageDataset(namespace: namespace, name: parts.joined(separator: "."), sourceURI: namespace, isFile: false)
    }

    /// `file` + the absolute path (`-`, standard input or output, is `/dev/stdin`/`/dev/stdout`
    /// by convention of the caller: shown as given).
    private static func file(_ path: String) -> LineageDataset {
        let absolute = absolutePath(path)
        return LineageDataset(namespace: "file", name: absolute, sourceURI: "file://" + uriPath(absolute), isFile: true)
    }

    /// A SQLite table is a file dataset: `file` + `<absolute database path>#<table>`.
    private static func sqlite(_ path: String, table: String?) -> LineageDataset {
        let absolute = absolutePath(path)
        return LineageDataset(
            namespace: "file", name: absolute + "#" + (table ?? "(query)"), sourceURI: "file://" + uriPath(absolute), isFile: false)
    }

    /// `postgres://host:port` + `database.schema.table` (schema `public` when the request
    /// names none: the search_path's usual first schema).
    private static func postgres(_ endpoint: PostgresEndpoint, table: String?) -> LineageDataset {
        let (host, port, database) = PostgresDefaults.address(of: endpoint)
        let namespace = "postgres://\(host):\(port)"
        let object = table.map { "\(endpoint.schema ?? "public").\($0)" } ?? "(query)"
        return LineageDataset(namespace: namespace, name: "\(database).\(object)", sourceURI: "\(namespace)/\(database)", isFile: false)
    }

    /// `path` made absolute against the working directory, with `.` and `..` segments resolved
    /// (symbolic links are kept, as the user named them).
    private static func absolutePath(_ path: String) -> String {
        if path == "-" { return "-" }
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let cwd = getcwd(&buffer, buffer.count).map { _ in String(cString: buffer) } ?? ""
            full = cwd + "/" + path
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// A path percent-encoded for a `file://` URI: unreserved characters, `/` and the sub-delims
    /// RFC 3986 allows in a path stay; every other byte becomes `%XX`.
    private static func uriPath(_ path: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/!$&'()*+,;=:@".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in path.utf8 {
            if allowed.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
