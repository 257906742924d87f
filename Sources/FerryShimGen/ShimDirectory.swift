import FerryPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A target's output directory on disk: writes generated files into it and compares it with them.
/// Files without the GENERATED banner (the hand-written part, tests) are never touched.
package struct ShimDirectory: Sendable {
    /// The directory, relative to the working directory or absolute.
    package var path: String

    /// The directory at `path` (a trailing `/` is dropped).
    package init(path: String) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Every difference between the directory and `files`, sorted by path.
    package func drift(from files: [GeneratedFile]) -> [ShimDrift] {
        var drift: [ShimDrift] = []
        for file in files {
            switch FileBytes.read(full(file.path)) {
            case nil: drift.append(.missing(file.path))
            case let bytes? where bytes != Array(file.text.utf8): drift.append(.differs(file.path))
            default: break
            }
        }
        let generated = Set(files.map(\.path))
        for existing in generatedFilesOnDisk() where !generated.contains(existing) {
            drift.append(.orphaned(existing))
        }
        return drift.sorted { $0.path < $1.path }
    }

    /// Writes the files that differ or are missing, and deletes generated files the generator no
    /// longer writes. Returns what changed; an up-to-date directory is left untouched.
    @discardableResult
    package func write(_ files: [GeneratedFile]) throws(ShimGenError) -> [ShimDrift] {
        let changes = drift(from: files)
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for change in changes {
            let target = full(change.path)
            switch change {
            case .differs, .missing:
                guard let file = byPath[change.path] else { continue }
                try makeParents(of: change.path)
                try FileBytes.replace(target, with: Array(file.text.utf8))
            case .orphaned:
                guard unlink(target) == 0 else {
                    throw ShimGenError("cannot delete \(target): \(String(cString: strerror(errno)))")
                }
            }
        }
        return changes
    }

    /// Relative paths of the files under the directory that open with the GENERATED banner.
    package func generatedFilesOnDisk() -> [String] {
        var found: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            for entry in DirectoryEntries.list(relative.isEmpty ? path : full(relative)) {
                if Self.skipped(entry.name) { continue }
                let child = relative.isEmpty ? entry.name : relative + "/" + entry.name
                if entry.isDirectory {
                    pending.append(child)
                } else if FileBytes.startsWithBanner(full(child)) {
                    found.append(child)
                }
            }
        }
        return found.sorted()
    }

    private func full(_ relative: String) -> String { path + "/" + relative }

    /// Hidden entries, Python caches and build metadata: never generated, never scanned.
    private static func skipped(_ name: String) -> Bool {
        name.hasPrefix(".") || name == "__pycache__" || name.hasSuffix(".egg-info")
    }

    /// Creates the directory itself and every parent directory of `relative` inside it.
    private func makeParents(of relative: String) throws(ShimGenError) {
        var components = relative.split(separator: "/").map(String.init)
        components.removeLast()
        var current = path
        try Self.makeDirectory(current)
        for component in components {
            current += "/" + component
            try Self.makeDirectory(current)
        }
    }

    private static func makeDirectory(_ path: String) throws(ShimGenError) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        throw ShimGenError("cannot create the directory \(path): \(String(cString: strerror(errno)))")
    }
}
