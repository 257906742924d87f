/// A Parquet file: read as a source (a flat schema, its columns typed by the file), or written
/// by a load from any source, typed by the load's schema (Docs/connectors/parquet.md).
package struct ParquetEndpoint: EndpointConfiguration {
    package var path: String
    package var compression: ParquetCodec
    /// Rows per row group: a row group also ends when its encoded pages reach
    /// `ParquetEndpoint.rowGroupBytes`.
    package var rowGroupRows: Int
    /// A source names its path only (the codec and row groups are the file's own).
    package var role: EndpointRole = .target

    package static let defaultRowGroupRows = 1_000_000
    /// The encoded size at which a row group ends before reaching its row count (128 MiB).
    package static let rowGroupBytes = 128 << 20

    package init(path: String, compression: ParquetCodec = .zstd, rowGroupRows: Int = ParquetEndpoint.defaultRowGroupRows) {
        self.path = path
        self.compression = compression
        self.rowGroupRows = rowGroupRows
    }

    /// The file at `path` as a source.
    package static func source(path: String) -> ParquetEndpoint {
        var endpoint = ParquetEndpoint(path: path)
        endpoint.role = .source
        return endpoint
    }

    package static let kind = "parquet"

    /// A new file (`create`), or a new file renamed over an old one (`replace`); each lands
    /// whole or not at all. A Parquet file cannot be appended to without rewriting it.
    package static let targetModes: [LoadMode] = [.create, .replace]

    /// A source names its file only; the codec and row groups are the file's own.
    package static func members(as role: EndpointRole) -> [String] {
        role == .source ? ["path"] : ["path", "compression", "row_group_rows"]
    }

    /// Reads a source or target object.
    package static func read(_ r: inout ObjectReader, issues: IssueCollector, role: EndpointRole) -> ParquetEndpoint? {
        let path = r.path("path", required: true)
        guard role == .target else { return path.map { ParquetEndpoint.source(path: $0) } }
        let compression: ParquetCodec? = r.choice("compression")
        let rows = r.integer("row_group_rows", in: 1...100_000_000)
        guard let path else { return nil }
        return ParquetEndpoint(path: path, compression: compression ?? .zstd, rowGroupRows: rows ?? defaultRowGroupRows)
    }

    /// `parquet:PATH`, or a path ending in `.parquet`.
    package static func address(_ text: String, role: EndpointRole) -> [(key: String, value: JSONValue)]? {
        if text.hasPrefix("parquet:") { return [("path", .string(String(text.dropFirst("parquet:".count))))] }
        if !EndpointKinds.hasScheme(text), text.lowercased().hasSuffix(".parquet") { return [("path", .string(text))] }
        return nil
    }

    package static let addressSyntax = "a .parquet file"
    package static let hasTables = false
    package static let writesFiles = true

    package var jsonMembers: [(key: String, value: JSONValue)] {
        if role == .source { return [("kind", .string(Self.kind)), ("path", .string(path))] }
        return [("kind", .string(Self.kind)), ("path", .string(path)), ("compression", .string(compression.rawValue)),
         ("row_group_rows", .int(rowGroupRows))]
    }

    package var displayURI: String { path }
    package var shortName: String { path }
    package var localFile: String? { path }
    /// The file's name, so that the default job is `load_orders_parquet`, not named after the
    /// whole path.
    package var objectName: String { String(path.split(separator: "/").last ?? Substring(path)) }

    /// `data/Orders 2024.parquet` → `orders_2024`, as for other files.
    package var suggestedTableName: String? { FileEndpoint.tableName(forPath: path) }
}

/// The compression of a Parquet file's pages (the format's `CompressionCodec`).
package enum ParquetCodec: String, Sendable, CaseIterable {
    case zstd, snappy, gzip, none
}

extension Endpoint {
    /// A Parquet file endpoint.
    package static func parquet(_ endpoint: ParquetEndpoint) -> Endpoint { Endpoint(endpoint) }
}
