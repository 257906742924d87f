#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import FerryCore

/// A `SpillStore` in a private directory (mode 0700, made by `mkdtemp`) under `parent`, one file
/// (mode 0600) per part; `discard` (or deinit) removes the files and the directory.
package final class SpillDirectory: SpillStore {
    private var path: String?
    /// What spills, for error messages ("a unique check", "the de-duplication").
    private let purpose: String

    /// Creates `<parent>/ferry-<name>-XXXXXX`.
    package init(parent: String, name: String, purpose: String) throws(FerryError) {
        self.purpose = purpose
        var template = Array("\(parent)/ferry-\(name)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw Errno(code: errno).error(.targetWrite, stage: .transform, "cannot create a spill directory for \(purpose) in \(parent)")
        }
        path = String(cString: template.map { $0 })
    }

    deinit { discard() }

    package func append(_ bytes: [UInt8], to name: String) throws(FerryError) {
        guard let path else { return }
        do {
            var fd = try FileDescriptor.open("\(path)/\(name)", O_WRONLY | O_CREAT | O_APPEND, permissions: 0o600)
            try fd.writeAll(bytes)
            try fd.close()
        } catch {
            throw error.error(.targetWrite, stage: .transform, "cannot write a spill file of \(purpose)")
        }
    }

    package func take(_ name: String) throws(FerryError) -> [UInt8] {
        guard let path else { return [] }
        do {
            let fd = try FileDescriptor.open("\(path)/\(name)", O_RDONLY)
            let data = try fd.readAll()
            unlink("\(path)/\(name)")
            return data
        } catch {
            if error.code == ENOENT { return [] }
            throw error.error(.targetWrite, stage: .transform, "cannot read a spill file of \(purpose)")
        }
    }

    package func discard() {
        guard let path else { return }
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
                if name != "." && name != ".." { unlink("\(path)/\(name)") }
            }
            closedir(dir)
        }
        rmdir(path)
        self.path = nil
    }
}
