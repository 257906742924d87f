/// A file source or target: CSV, TSV or JSON Lines, optionally gzip-compressed when read.
package struct FileEndpoint: EndpointConfiguration {
    package var path: String
    /// The format; guessed from the file name when absent.
    package var format: FileFormat
    package var compression: Compression

    package init(path: String, format: FileFormat, compression: Compression = .auto) {
        self.path = path
        self.format = format
        self.compression = compression
    }

    package static let kind = "file"

    /// An export writes a new file (`create`), replaces one, empties and rewrites it
    /// (`truncate`), or appends to it; each lands whole or not at all (Docs/connectors/files.md).
    package static let targetModes: [LoadMode] = [.create, .append, .replace, .truncate]

    package static func members(as role: EndpointRole) -> [String] { ["path", "format", "compression"] }

    package static func read(_ r: inout ObjectReader, issues: IssueCollector, role: EndpointRole) -> FileEndpoint? {
        let path = r.path("path", required: true)
        let declared: FileFormat? = r.choice("format")
        let compression: Compression? = r.choice("compression")
        if role == .target, let c = compression, c != .none {
            issues.report(r.path.appending("compression"), "compressed file targets are not supported; use \"none\" or leave it out")
        }
        guard let path else { return nil }
        guard let format = declared ?? FileFormat.guess(fromPath: path) else {
            if r.value("format") == nil {
                issues.report(r.path.appending("format"), "cannot tell the format from the file name; give one of csv, tsv, jsonl")
            }
            return nil
        }
        return FileEndpoint(path: path, format: format, compression: compression ?? (role == .target ? .none : .auto))
    }

    /// A path, or `file:PATH`. As a target the name must tell the format (`.csv`, `.tsv`,
    /// `.jsonl`); as a source any path is a file (its format may be given with `--format`).
    package static func address(_ text: String, role: EndpointRole) -> [(key: String, value: JSONValue)]? {
        let path = text.hasPrefix("file:") ? String(text.dropFirst("file:".count)) : text
        if role == .target && FileFormat.guess(fromPath: path) == nil { return nil }
        return [("path", .string(path))]
    }

    package static let addressSyntax = "a .csv/.tsv/.jsonl file"
    package static let isAddressFallback = true
    package static let hasTables = false
    package static let writesFiles = true

    package var jsonMembers: [(key: String, value: JSONValue)] {
        [("kind", .string(Self.kind)), ("path", .string(path)), ("format", .string(format.rawValue)),
         ("compression", .string(compression.rawValue))]
    }

    package var displayURI: String { path }
    package var shortName: String { path }
    package var localFile: String? { path }
    package var objectName: String { path }

    /// `data/Orders 2024.csv.gz` → `orders_2024`.
    package var suggestedTableName: String? { Self.tableName(forPath: path) }

    /// The table a file at `path` suggests: its name up to the first dot, as an identifier.
    package static func tableName(forPath path: String) -> String? {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let stem = base.split(separator: ".").first.map(String.init) ?? base
        return LoadRequest.identifierStem(stem)
    }

    package func refuses(source: SourceEndpoint) -> String? {
        source.as(FileEndpoint.self) == nil ? nil : "file-to-file copies are not supported; load into a database or export from one"
    }
}

extension Endpoint {
    /// A file endpoint.
    package static func file(_ endpoint: FileEndpoint) -> Endpoint { Endpoint(endpoint) }
}
