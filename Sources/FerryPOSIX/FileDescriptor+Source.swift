#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import FerryCore

extension FileDescriptor {
    /// Opens the source file `path` read-only and inspects it (`open(2)`, `fstat(2)`), with the
    /// errors every source reports alike: a missing file is `source_not_found`, anything else
    /// `source_unreadable`, each naming `what` (e.g. "the source file", "the Parquet file"). `kind`
    /// receives what `fstat(2)` says it is.
    package static func openSource(
        _ path: String, _ what: String, stage: FerryError.Stage, kind: inout FileKind
    ) throws(FerryError) -> FileDescriptor {
        let opened: FileDescriptor
        do {
            opened = try FileDescriptor.open(path, O_RDONLY)
        } catch {
            if error.code == ENOENT || error.code == ENOTDIR {
                throw FerryError(.sourceNotFound, stage: stage, "source file not found: \(path)", driver: error.driverError)
            }
            throw error.error(.sourceUnreadable, stage: stage, "cannot open \(what) \(path)")
        }
        var info = stat()
        guard fstat(opened.rawValue, &info) == 0 else {
            throw Errno.current.error(.sourceUnreadable, stage: stage, "cannot inspect \(what) \(path)")
        }
        let type = info.st_mode & S_IFMT
        kind = type == S_IFREG ? .regular(size: Int(info.st_size)) : type == S_IFDIR ? .directory : .other
        return opened
    }
}

/// What kind of file a descriptor is open on, as far as sources care.
package enum FileKind: Sendable, Equatable {
    /// A regular file, with its size when inspected.
    case regular(size: Int)
    case directory
    /// A pipe, socket, device or terminal.
    case other
}
