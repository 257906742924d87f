#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import FerryCore
import FerryPOSIX

/// The directory operations of outputs that are directories (partitioned or rolled Parquet):
/// creating one (`mkdir(2)`), listing it (`opendir(3)`/`readdir(3)`), and deleting a tree
/// (`unlink(2)`, `rmdir(2)`) without following symbolic links.
package enum DirectoryTree {
    /// One entry of a directory, as `lstat(2)` sees it.
    package struct Entry: Equatable {
        package enum Kind: Equatable { case file, directory, other }
        package var name: String
        package var kind: Kind
    }

    /// Whether `path` is a directory itself, not a symbolic link to one (`lstat(2)`).
    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether `path` is a regular file itself, not a symbolic link to one (`lstat(2)`).
    package static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// Creates the directory `path` (`mkdir(2)`, mode 0755 before the umask). `EEXIST` becomes
    /// `target_exists`, a missing parent `target_not_found`.
    package static func make(_ path: String, stage: FerryError.Stage = .load) throws(FerryError) {
        guard mkdir(path, 0o755) != 0 else { return }
        let e = Errno.current
        let code: FerryError.Code = switch e.code {
        case EEXIST: .targetExists
        case ENOENT, ENOTDIR: .targetNotFound
        default: .targetWrite
        }
        throw e.error(code, stage: stage, "cannot create the directory \(path)")
    }

    /// The entries of the directory `path`, without `.` and `..`; nil when it cannot be read.
    package static func entries(_ path: String) -> [Entry]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var out: [Entry] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var info = stat()
            let kind: Entry.Kind
            if lstat(path + "/" + name, &info) != 0 {
                kind = .other
            } else {
                switch info.st_mode & S_IFMT {
                case S_IFREG: kind = .file
                case S_IFDIR: kind = .directory
                default: kind = .other
                }
            }
            out.append(Entry(name: name, kind: kind))
        }
        return out
    }

    /// Deletes `path` and, when it is a directory, everything under it; symbolic links are
    /// deleted, never followed. Best effort: what cannot be deleted stays.
    package static func remove(_ path: String) {
        guard isDirectory(path) else {
            // ENOENT means it is already gone; anything else stays, as documented.
            _ = unlink(path)
            return
        }
        for entry in entries(path) ?? [] {
            remove(path + "/" + entry.name)
        }
        // A directory that still holds an entry stays, as documented.
        _ = rmdir(path)
    }

    /// Makes the entries of `directory` durable (`fsync(2)` on it), ignoring file systems that
    /// cannot sync a directory.
    package static func sync(_ directory: String) throws(FerryError) {
        try FileSystem.syncDirectory(directory)
    }

    /// Renames `from` to `to` (`rename(2)`): over an empty directory or a file at `to`.
    package static func rename(_ from: String, to: String, what: String) throws(FerryError) {
        guard directoryRename(from, to) == 0 else {
            throw Errno.current.error(.targetWrite, stage: .commit, "cannot rename \(what) to \(to)")
        }
    }
}

/// `rename(2)`, outside the enum so that the name does not resolve to `DirectoryTree.rename`.
private func directoryRename(_ from: String, _ to: String) -> Int32 {
    rename(from, to)
}

extension DirectoryTree {
    /// Deletes `path` only if it is an empty directory (`rmdir(2)`); anything else stays.
    package static func removeEmpty(_ path: String) {
        // ENOTEMPTY or ENOENT: there is nothing of ours to delete.
        _ = rmdir(path)
    }
}
