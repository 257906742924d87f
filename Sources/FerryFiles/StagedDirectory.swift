package import FerryCore

/// An output directory (partitioned or rolled Parquet files) built under a temporary name beside
/// its destination and renamed into place only by `publish`: readers never see it partial, and a
/// failed or cancelled run leaves the destination as it was (Docs/connectors/parquet.md,
/// "Partitions and file size").
///
/// Files are created inside it with `create`, each written whole and `seal`ed (flushed to disk)
/// before the directory is published. The temporary tree is removed by `discard`, by a failed
/// `publish`, and when this is released unpublished.
package final class StagedDirectory {
    /// Where the directory goes when published.
    package let destination: String
    /// The temporary directory, nil once published or discarded.
    private var staging: String?
    /// The subdirectories created so far (relative), so each is made once.
    private var made: Set<String> = []
    private let what: String

    /// Creates the temporary directory in `destination`'s directory. `what` names the output in
    /// errors (`the Parquet target`).
    package init(_ destination: String, what: String) throws(FerryError) {
        self.destination = destination
        self.what = what
        let temporary = FileSystem.temporaryName(beside: destination)
        do throws(FerryError) {
            try DirectoryTree.make(temporary)
        } catch {
            throw StagedFile.creationError(error, destination: destination, what: what, temporary: "directory")
        }
        staging = temporary
    }

    deinit { discard() }

    /// Creates the new file `relative` (a path inside the directory, `a=1/part-00000.parquet`),
    /// making its parent directories; the returned file names itself by its published path.
    package func create(_ relative: String) throws(FerryError) -> File {
        guard let staging else {
            throw FerryError(.internalError, stage: .load, "the output \(destination) was already published or discarded")
        }
        var parent = ""
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        for part in parts.dropLast() {
            parent += parent.isEmpty ? String(part) : "/" + part
            if made.insert(parent).inserted { try DirectoryTree.make(staging + "/" + parent) }
        }
        let file = try OutputFile(path: staging + "/" + relative, exclusive: true, errorCode: .targetWrite)
        return File(file, published: destination + "/" + relative)
    }

    /// Removes the temporary tree; idempotent.
    package func discard() {
        guard let staging else { return }
        self.staging = nil
        DirectoryTree.remove(staging)
    }

    /// Flushes the directory tree's entries to disk and renames it to `destination`. Without
    /// `replacing`, only where nothing exists yet: an empty placeholder directory reserves the
    /// name (`mkdir(2)` fails when anything is there), and `rename(2)` replaces only that empty
    /// directory. With `replacing`, an existing Parquet output (`replaceable`) is first renamed
    /// aside, the new one renamed into place, and the old one deleted; if the second rename
    /// fails, the old one is put back. When this fails, the temporary tree is removed.
    package func publish(replacing: Bool) throws(FerryError) {
        guard let staging else {
            throw FerryError(.internalError, stage: .commit, "the output \(destination) was already published or discarded")
        }
        do throws(FerryError) {
            try moveIntoPlace(staging, replacing: replacing)
            self.staging = nil
        } catch {
            discard()
            throw error
        }
        // The directory is in place; a failed sync only weakens its durability after a crash.
        try? DirectoryTree.sync(FileSystem.directory(of: destination))
    }

    /// Flushes `staging`'s entries and renames it to `destination` as `publish` says.
    private func moveIntoPlace(_ staging: String, replacing: Bool) throws(FerryError) {
        for directory in made.sorted(by: { $0.count > $1.count }) { try DirectoryTree.sync(staging + "/" + directory) }
        try DirectoryTree.sync(staging)
        guard replacing && FileSystem.exists(destination) else {
            do throws(FerryError) {
                try DirectoryTree.make(destination, stage: .commit)
            } catch where error.code == .targetExists {
                throw FerryError(.targetExists, stage: .commit, "\(destination) already exists; use mode replace", driver: error.driver)
            }
            do throws(FerryError) {
                try DirectoryTree.rename(staging, to: destination, what: "the temporary directory")
            } catch {
                // Only the empty placeholder made above goes; rmdir(2) never deletes content.
                DirectoryTree.removeEmpty(destination)
                throw error
            }
            return
        }
        try Self.checkReplaceable(destination, what: what)
        let aside = FileSystem.temporaryName(beside: destination) + ".old"
        try DirectoryTree.rename(destination, to: aside, what: "the old \(destination)")
        do throws(FerryError) {
            try DirectoryTree.rename(staging, to: destination, what: "the temporary directory")
        } catch {
            // Puts the old output back; if even that fails, the error says what was lost.
            try? DirectoryTree.rename(aside, to: destination, what: "the old \(destination)")
            throw error
        }
        DirectoryTree.remove(aside)
    }

    /// Refuses to replace `path` unless it is a regular file or a directory that holds only what
    /// a Parquet output holds: `.parquet` files and `name=value` directories of the same, so that
    /// `replace` never deletes a directory of other data named by mistake.
    package static func checkReplaceable(_ path: String, what: String) throws(FerryError) {
        if DirectoryTree.isRegularFile(path) { return }
        guard DirectoryTree.isDirectory(path) else {
            throw FerryError(.targetExists, stage: .load, "\(path) exists and is neither a directory nor a regular file; \(what) does not replace it")
        }
        if let stray = strayEntry(path) {
            throw FerryError(
                .targetExists, stage: .load,
                "the directory \(path) holds \(stray), which is not part of a Parquet output (.parquet files in name=value directories); \(what) does not replace it")
        }
    }

    /// The first entry under `path` that a Parquet output does not hold, or nil.
    private static func strayEntry(_ path: String) -> String? {
        guard let entries = DirectoryTree.entries(path) else { return "entries that cannot be listed" }
        for entry in entries {
            let full = path + "/" + entry.name
            switch entry.kind {
            case .file where entry.name.hasSuffix(".parquet"):
                continue
            case .directory where entry.name.utf8.contains(UInt8(ascii: "=")):
                if let stray = strayEntry(full) { return stray }
            default:
                return full
            }
        }
        return nil
    }

    /// A file of a staged directory: written whole, then `seal`ed.
    package final class File {
        /// The path the file will have once the directory is published.
        package let publishedPath: String
        private let file: OutputFile
        /// Bytes written so far.
        package private(set) var size = 0

        init(_ file: OutputFile, published: String) {
            self.file = file
            publishedPath = published
        }

        package func write(_ bytes: [UInt8]) throws(FerryError) {
            try file.write(bytes)
            size += bytes.count
        }

        /// Flushes the file to disk and closes it (`fsync(2)`, `close(2)`).
        package func seal() throws(FerryError) {
            try file.sync()
            try file.close()
        }
    }
}
