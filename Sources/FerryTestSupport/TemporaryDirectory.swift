import Foundation

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents by `remove()`.
package struct TemporaryDirectory: Sendable {
    package let path: String

    package init(prefix: String = "ferry-test") {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        path = made ?? "\(base)/\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if made == nil { mkdir(path, 0o700) }
    }

    /// `path/name`.
    package func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `path/name` and returns the full path.
    @discardableResult
    package func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    package func write(_ name: String, bytes: [UInt8]) -> String {
        let full = file(name)
        if let f = fopen(full, "wb") {
            _ = fwrite(bytes, 1, bytes.count, f)
            fclose(f)
        }
        return full
    }

    /// The bytes of `path/name`, or nil when it does not exist.
    package func read(_ name: String) -> [UInt8]? { Self.read(path: file(name)) }

    package static func read(path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n == 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    package func exists(_ name: String) -> Bool { access(file(name), F_OK) == 0 }

    /// Deletes the directory tree.
    package func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
