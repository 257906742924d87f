import FerryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses a run whose output file would be the same file as something the run reads or keeps:
/// a reject file or export named after the source file would overwrite it while it is read, and
/// one named after the SQLite target would replace the database.
///
/// Outputs are the export file, the reject file and the OpenLineage file; each must differ from
/// the source's file, the target's database, the request file and every other output. "The same
/// file" is the same device and inode after following symbolic links, or, for files that do not
/// exist yet, the same absolute path after resolving the directory's links.
struct OutputPaths {
    /// A file a run touches, with the request member that names it.
    struct Named {
        var path: String
        var member: JSONPath
        var what: String
    }

    var protected: [Named]
    var outputs: [Named]

    init(request: LoadRequest, rejectPath: String, lineageFile: String?, requestFile: String?) {
        protected = []
        outputs = []
        let source = JSONPath.root.appending("source").appending("path")
        let target = JSONPath.root.appending("target").appending("path")
        if let file = request.source.configuration.localFile { protected.append(Named(path: file, member: source, what: "the source")) }
        if let file = request.target.configuration.localFile {
            if request.target.isExport {
                outputs.append(Named(path: file, member: target, what: "the export file"))
            } else {
                protected.append(Named(path: file, member: target, what: "the target database"))
            }
        }
        if let requestFile { protected.append(Named(path: requestFile, member: .root, what: "the request file")) }
        outputs.append(Named(path: rejectPath, member: JSONPath.root.appending("options").appending("reject_path"), what: "the reject file"))
        if let lineageFile {
            outputs.append(Named(
                path: lineageFile, member: JSONPath.root.appending("lineage").appending("transport").appending("path"),
                what: "the OpenLineage file"))
        }
    }

    /// One issue per output that is the same file as something protected or an earlier output.
    var problems: [RequestIssue] {
        var issues: [RequestIssue] = []
        for (index, output) in outputs.enumerated() where output.path != "-" {
            let others = protected + outputs[..<index]
            if let clash = others.first(where: { $0.path != "-" && Self.sameFile($0.path, output.path) }) {
                issues.append(RequestIssue(
                    path: output.member,
                    message: "\(output.what) \(output.path) is the same file as \(clash.what) (\(clash.path)); writing it would destroy that file"))
            }
        }
        return issues
    }

    /// Whether `a` and `b` name one file: the same device and inode when both exist, else the same
    /// absolute path with the directory's symbolic links resolved.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        if stat(a, &first) == 0, stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return canonical(a) == canonical(b)
    }

    /// `realpath` of the directory, then the name; the path itself when the directory is missing.
    private static func canonical(_ path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let resolved = realpath(directory, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved) + "/" + name
    }
}
