/// A file source or target: CSV, TSV or JSON Lines, optionally gzip-compressed when read.
public struct FileEndpoint: Sendable, Equatable {
    public var path: String
    /// The format; guessed from the file name when absent.
    public var format: FileFormat
    public var compression: Compression

    public init(path: String, format: FileFormat, compression: Compression = .auto) {
        self.path = path
        self.format = format
        self.compression = compression
    }

    static func read(_ r: inout ObjectReader, issues: IssueCollector, isTarget: Bool) -> FileEndpoint? {
        let path = r.string("path", required: true)
        let declared: FileFormat? = r.choice("format")
        let compression: Compression? = r.choice("compression")
        if isTarget, let c = compression, c != .none {
            issues.report(r.path.appending("compression"), "compressed file targets are not supported; use \"none\" or leave it out")
        }
        guard let path else { return nil }
        guard let format = declared ?? FileFormat.guess(fromPath: path) else {
            if r.value("format") == nil {
                issues.report(r.path.appending("format"), "cannot tell the format from the file name; give one of csv, tsv, jsonl")
            }
            return nil
        }
        return FileEndpoint(path: path, format: format, compression: compression ?? (isTarget ? .none : .auto))
    }

    var jsonMembers: [(key: String, value: JSONValue)] {
        [("kind", .string("file")), ("path", .string(path)), ("format", .string(format.rawValue)),
         ("compression", .string(compression.rawValue))]
    }
}
