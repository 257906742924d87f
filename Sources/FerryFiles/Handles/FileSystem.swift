#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import FerryCore
import FerryPOSIX

/// The path operations of file targets: existence, publishing a temporary file (`link(2)`,
/// `rename(2)`), deleting it (`unlink(2)`), and making a rename durable (`fsync(2)` on the directory).
package enum FileSystem {
    /// Whether anything exists at `path`, a dangling symbolic link included (`lstat(2)`).
    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The size of `path` when it is a regular file (`stat`); nil otherwise.
    package static func regularFileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// The permission bits of the regular file at `path`, or nil.
    package static func permissions(of path: String) -> UInt32? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return UInt32(info.st_mode & 0o7777)
    }

    /// Gives `temporary` the name `target` unless `target` exists, which is never overwritten:
    /// `link(2)` then `unlink(2)`. On file systems without hard links, an exclusively created
    /// placeholder reserves the name and `rename(2)` replaces it.
    package static func publishWithoutReplacing(_ temporary: String, as target: String) throws(FerryError) {
        if link(temporary, target) == 0 {
            remove(temporary)
            return
        }
        let e = Errno.current
        if e.code == EEXIST {
            throw FerryError(.targetExists, stage: .commit, "the file \(target) already exists", driver: e.driverError)
        }
        guard e.code == EPERM || e.code == EOPNOTSUPP || e.code == ENOSYS || e.code == EMLINK else {
            throw e.error(.targetWrite, stage: .commit, "cannot create \(target)")
        }
        do {
            // Nothing is written to the placeholder: closing it (its deinit) cannot lose data.
            _ = try FileDescriptor.open(target, O_WRONLY | O_CREAT | O_EXCL, permissions: 0o600)
        } catch {
            if error.code == EEXIST {
                throw FerryError(.targetExists, stage: .commit, "the file \(target) already exists", driver: error.driverError)
            }
            throw error.error(.targetWrite, stage: .commit, "cannot create \(target)")
        }
        try rename(temporary, to: target)
    }

    /// A fresh hidden name beside `path` for writing it in full before it takes its place:
    /// `dir/.name.ferry-<random>.tmp`.
    package static func temporaryName(beside path: String) -> String {
        directory(of: path) + "/.\(name(of: path)).ferry-\(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF).tmp"
    }

    /// Renames `temporary` to `target`, atomically replacing any file there (`rename(2)`).
    package static func rename(_ temporary: String, to target: String) throws(FerryError) {
        guard systemRename(temporary, target) == 0 else {
            throw Errno.current.error(.targetWrite, stage: .commit, "cannot rename the temporary file to \(target)")
        }
    }

    /// Deletes `path` (`unlink(2)`); a missing file is fine.
    package static func remove(_ path: String) {
        // ENOENT means it is already gone; other failures leave a temporary file that the
        // error being handled (or the caller's rollback) already explains.
        _ = unlink(path)
    }

    /// Makes a rename in `directory` durable (`fsync(2)` on the directory).
    package static func syncDirectory(_ directory: String) throws(FerryError) {
        let handle: FileDescriptor
        do {
            handle = try FileDescriptor.open(directory, O_RDONLY)
        } catch {
            throw error.error(.targetWrite, stage: .commit, "cannot open the directory \(directory)")
        }
        do {
            try handle.sync()
        } catch where error.code == EINVAL {
            // Some file systems cannot sync a directory; the rename itself is still atomic.
        } catch {
            throw error.error(.targetWrite, stage: .commit, "cannot flush the directory \(directory) to disk")
        }
    }

    /// The directory part of `path` (`.` when it has none).
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of `path`.
    package static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// `rename(2)`, outside the enum so that the name does not resolve to `FileSystem.rename`.
private func systemRename(_ from: String, _ to: String) -> Int32 {
    rename(from, to)
}
