/// A dataset as OpenLineage names it (Docs/lineage.md, "Dataset names"): PostgreSQL tables as
/// `postgres://host:port` + `database.schema.table`, files as `file` + their absolute path,
/// SQLite tables as `file` + `<absolute database path>#<table>`.
package struct LineageDataset: Sendable, Equatable {
    package var namespace: String
    package var name: String
    /// The data source's URI for the `dataSource` facet (`postgres://host:port/db`,
    /// `file:///path`).
    package var sourceURI: String
    /// Whether the dataset is one file (its statistics then count one file).
    package var isFile: Bool

    package init(namespace: String, name: String, sourceURI: String, isFile: Bool) {
        self.namespace = namespace
        self.name = name
        self.sourceURI = sourceURI
        self.isFile = isFile
    }
}

extension LineageDataset {
    /// `file` + the absolute path of a file (`-`, standard input or output, stays `-`).
    package static func file(_ path: String, workingDirectory: String) -> LineageDataset {
        let absolute = absolutePath(path, workingDirectory: workingDirectory)
        return LineageDataset(namespace: "file", name: absolute, sourceURI: "file://" + uriPath(absolute), isFile: true)
    }

    /// `path` made absolute against `workingDirectory`, with `.` and `..` segments resolved
    /// (symbolic links are kept, as the user named them).
    package static func absolutePath(_ path: String, workingDirectory: String) -> String {
        if path == "-" { return "-" }
        let full = path.hasPrefix("/") ? path : workingDirectory + "/" + path
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
    package static func uriPath(_ path: String) -> String {
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
