#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entries of one directory, read with `opendir`/`readdir` and typed with `lstat` (so a
/// symbolic link to a directory is not followed): for the shim generator's drift check and the
/// local file lister of glob sources.
package enum DirectoryEntries {
    /// One entry: its name and whether it is a directory itself (not a link to one).
    package struct Entry: Sendable {
        package var name: String
        package var isDirectory: Bool
    }

    /// The entries of `path` except `.` and `..`; empty when it cannot be read.
    package static func list(_ path: String) -> [Entry] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let raw = readdir(directory) {
            let name = withUnsafeBytes(of: raw.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var info = stat()
            let isDirectory = lstat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            entries.append(Entry(name: name, isDirectory: isDirectory))
        }
        return entries
    }
}
