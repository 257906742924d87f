/// A Parquet file: read as a source (a flat schema, its columns typed by the file), or written
/// by a load from any source, typed by the load's schema (Docs/connectors/parquet.md).
package struct ParquetEndpoint: EndpointConfiguration {
    package var path: String
    package var compression: ParquetCodec
    /// Rows per row group: a row group also ends when its encoded pages reach
    /// `ParquetEndpoint.rowGroupBytes`.
    package var rowGroupRows: Int
    /// Columns whose values name Hive-style `column=value/` directories under `path` (which is
    /// then a directory); the files hold the other columns.
    package var partitionBy: [String]
    /// Where a file ends and the next numbered one starts; nil: one file (or one per partition).
    package var maxFileBytes: Int?
    /// A source names its path only (the codec, row groups and layout are the file's own).
    package var role: EndpointRole = .target

    package static let defaultRowGroupRows = 1_000_000
    /// The most partitions one load writes; a load with more fails rather than exhausting file
    /// descriptors or memory.
    package static let maxPartitions = 1024
    /// The smallest `max_file_bytes`: room for a footer and a small row group.
    package static let minFileBytes = 4096
    /// Whether the output is a directory of files (partitioned or rolled) rather than one file.
    package var writesDirectory: Bool { !partitionBy.isEmpty || maxFileBytes != nil }
    /// The encoded size at which a row group ends before reaching its row count (128 MiB).
    package static let rowGroupBytes = 128 << 20

    package init(
        path: String, compression: ParquetCodec = .zstd, rowGroupRows: Int = ParquetEndpoint.defaultRowGroupRows,
        partitionBy: [String] = [], maxFileBytes: Int? = nil
    ) {
        self.path = path
        self.compression = compression
        self.rowGroupRows = rowGroupRows
        self.partitionBy = partitionBy
        self.maxFileBytes = maxFileBytes
    }

    /// The file at `path` as a source.
    package static func source(path: String) -> ParquetEndpoint {
        var endpoint = ParquetEndpoint(path: path)
        endpoint.role = .source
        return endpoint
    }

    package static let kind = "parquet"

    /// A new file or directory (`create`), or a new one renamed over the old one (`replace`,
    /// a whole directory when partitioned or rolled); each lands whole or not at all. A Parquet
    /// file cannot be appended to without rewriting it.
    package static let targetModes: [LoadMode] = [.create, .replace]

    /// A source names its file only; the codec, row groups and layout are the file's own.
    package static func members(as role: EndpointRole) -> [String] {
        role == .source ? ["path"] : ["path", "compression", "row_group_rows", "partition_by", "max_file_bytes"]
    }

    /// Reads a source or target object.
    package static func read(_ r: inout ObjectReader, issues: IssueCollector, role: EndpointRole) -> ParquetEndpoint? {
        let path = r.path("path", required: true)
        guard role == .target else { return path.map { ParquetEndpoint.source(path: $0) } }
        let compression: ParquetCodec? = r.choice("compression")
        let rows = r.integer("row_group_rows", in: 1...100_000_000)
        let partitionBy = readPartitionBy(&r, issues: issues)
        let maxFileBytes = r.integer("max_file_bytes", in: minFileBytes...Int(Int64.max))
        guard let path else { return nil }
        return ParquetEndpoint(
            path: path, compression: compression ?? .zstd, rowGroupRows: rows ?? defaultRowGroupRows,
            partitionBy: partitionBy ?? [], maxFileBytes: maxFileBytes)
    }

    /// `partition_by`: distinct, non-empty column names.
    private static func readPartitionBy(_ r: inout ObjectReader, issues: IssueCollector) -> [String]? {
        guard let names = r.strings("partition_by") else { return nil }
        let at = r.path.appending("partition_by")
        var seen: Set<String> = []
        for (i, name) in names.enumerated() {
            if name.isEmpty { issues.report(at.appending(index: i), "must not be empty") }
            if !seen.insert(name).inserted { issues.report(at.appending(index: i), "names the column \(name) twice") }
        }
        return names
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
        var m: [(key: String, value: JSONValue)] = [
            ("kind", .string(Self.kind)), ("path", .string(path)), ("compression", .string(compression.rawValue)),
            ("row_group_rows", .int(rowGroupRows)),
        ]
        if !partitionBy.isEmpty { m.append(("partition_by", .array(partitionBy.map(JSONValue.string)))) }
        if let maxFileBytes { m.append(("max_file_bytes", .int(maxFileBytes))) }
        return m
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
