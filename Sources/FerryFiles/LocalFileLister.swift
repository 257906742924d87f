package import FerryCore
import FerryPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the local files of a glob or a directory source, in bytewise path order
/// (Docs/many-files.md). The matching is `PathGlob`'s, which knows no file system: this lister
/// only walks directories below the glob's root (`opendir`/`readdir`, `stat`), so an object-store
/// lister can walk a prefix listing instead and keep the same matching and order.
///
/// Symbolic links are followed, but never into a directory that is already being walked above
/// (device and inode of every directory on the current path are kept), so a link loop ends the
/// descent instead of hanging it; `.` and `..` entries are never listed.
package enum LocalFileLister {
    /// The deepest the walk goes below the root, even with `**`.
    static let maxDepth = 256

    /// The regular files that match `glob`, sorted bytewise; `source_not_found` when none does.
    package static func files(matching glob: PathGlob) throws(FerryError) -> [String] {
        var found: [String] = []
        var ancestors: [DirectoryID] = []
        let root = glob.root.isEmpty ? "." : glob.root
        guard isDirectory(root) else {
            throw FerryError(.sourceNotFound, stage: .extract, "no file matches \(glob.pattern): the directory \(root) does not exist")
        }
        walk(glob, relative: "", depth: 0, ancestors: &ancestors, into: &found)
        guard !found.isEmpty else {
            throw FerryError(.sourceNotFound, stage: .extract, "no file matches \(glob.pattern)")
        }
        return sorted(found)
    }

    /// The regular files directly in `directory` whose names say `format` (`.csv`, `.csv.gz`, …;
    /// hidden files left out), sorted bytewise; `source_not_found` when there are none.
    package static func files(in directory: String, format: FileFormat) throws(FerryError) -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let files = entries(of: directory).filter { name in
            name.first != "." && FileFormat.guess(fromPath: name) == format && FileSystem.regularFileSize(prefix + name) != nil
        }
        guard !files.isEmpty else {
            throw FerryError(.sourceNotFound, stage: .extract, "the directory \(directory) holds no \(format.rawValue) file")
        }
        return sorted(files.map { prefix + $0 })
    }

    /// Whether `path` is a directory (following symbolic links).
    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `paths` in bytewise (UTF-8) order, the order files load in.
    package static func sorted(_ paths: [String]) -> [String] {
        paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// A directory's identity, to recognise it when a link leads back to it.
    private struct DirectoryID: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    private static func walk(_ glob: PathGlob, relative: String, depth: Int, ancestors: inout [DirectoryID], into found: inout [String]) {
        let directory = relative.isEmpty ? (glob.root.isEmpty ? "." : glob.root) : glob.path(relative)
        var info = stat()
        guard stat(directory, &info) == 0 else { return }
        let id = DirectoryID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        guard !ancestors.contains(id), depth <= maxDepth else { return }
        ancestors.append(id)
        defer { ancestors.removeLast() }
        for name in entries(of: directory) {
            let path = relative.isEmpty ? name : relative + "/" + name
            var entry = stat()
            guard stat(glob.path(path), &entry) == 0 else { continue }  // a dangling link
            switch entry.st_mode & S_IFMT {
            case S_IFREG:
                if glob.matches(relative: path) { found.append(glob.path(path)) }
            case S_IFDIR:
                if glob.maxDepth.map({ depth + 1 < $0 }) ?? true, glob.mayDescend(into: path) {
                    walk(glob, relative: path, depth: depth + 1, ancestors: &ancestors, into: &found)
                }
            default:
                continue
            }
        }
    }

    /// The names in `directory` other than `.` and `..` (none when it cannot be read).
    private static func entries(of directory: String) -> [String] {
        DirectoryEntries.list(directory).map(\.name)
    }
}
