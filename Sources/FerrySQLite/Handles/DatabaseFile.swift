#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system facts about a database file, for undoing the creation of a new database.
enum DatabaseFile {
    /// Removes the file at `path` when it exists and is empty (`stat`, `unlink`): what a new
    /// database is after its first transaction rolled back. A file with content is never removed,
    /// so data another process wrote in the meantime is kept. Returns whether it was removed.
    @discardableResult
    static func removeIfEmpty(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return unlink(path) == 0
    }

    /// Whether a file exists at `path` (`access`).
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
