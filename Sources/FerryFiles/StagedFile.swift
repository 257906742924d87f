package import FerryCore

/// An output file written under a temporary name beside its destination and renamed into place
/// only by `publish`: readers never see it partial, and a failed or killed run leaves the
/// destination as it was (exports, Parquet files, reject files; Docs/reliability.md, "Paths").
///
/// The temporary file is removed by `discard`, by a failed `publish`, and when this is released
/// unpublished.
package final class StagedFile {
    /// Where the file goes when published.
    package let destination: String
    private var file: OutputFile?

    /// Creates the temporary file (`O_CREAT | O_EXCL`) in `destination`'s directory, with the
    /// permissions of the file it will replace (0644 for a new one). `what` names the output in
    /// errors (`the file target`).
    package init(_ destination: String, what: String) throws(FerryError) {
        self.destination = destination
        do throws(FerryError) {
            file = try OutputFile(
                path: FileSystem.temporaryName(beside: destination), exclusive: true,
                mode: FileSystem.permissions(of: destination) ?? 0o644, errorCode: .targetWrite)
        } catch {
            throw Self.creationError(error, destination: destination, what: what, temporary: "file")
        }
    }

    /// `error` from creating the temporary `temporary` (file, directory) beside `destination`,
    /// reworded to name the missing directory or the destination.
    static func creationError(_ error: FerryError, destination: String, what: String, temporary: String) -> FerryError {
        var named = error
        named.message = error.code == .targetNotFound
            ? "the directory \(FileSystem.directory(of: destination)) of \(what) does not exist"
            : "cannot create a temporary \(temporary) next to \(destination): \(error.driver?.message ?? error.message)"
        return named
    }

    deinit { discard() }

    /// Bytes from the start whose write-out to disk has begun while writing (`OutputFile`'s
    /// write-behind); 0 once published or discarded.
    package var sentToDisk: Int { file?.writeBehindEnd ?? 0 }

    package func write(_ bytes: [UInt8]) throws(FerryError) {
        try open().write(bytes)
    }

    package func write(_ bytes: UnsafeRawBufferPointer) throws(FerryError) {
        try open().write(bytes)
    }

    /// Flushes the file to disk and renames it to `destination`: over an existing file when
    /// `replacing`, else only where nothing exists yet (`link(2)`, so a file that appeared
    /// meanwhile is never replaced). When this fails, the temporary file is removed and the
    /// destination is untouched. A failed sync of the directory afterwards is not an error:
    /// the file is in place, only its durability after a crash is weaker.
    package func publish(replacing: Bool) throws(FerryError) {
        let file = try open()
        do throws(FerryError) {
            try file.sync()
            try file.close()
            if replacing {
                try FileSystem.rename(file.path, to: destination)
            } else {
                try FileSystem.publishWithoutReplacing(file.path, as: destination)
            }
        } catch {
            discard()
            throw error
        }
        self.file = nil
        try? FileSystem.syncDirectory(FileSystem.directory(of: destination))
    }

    /// Closes and removes the temporary file; idempotent.
    package func discard() {
        guard let file else { return }
        self.file = nil
        // The file is deleted either way; a close error has nothing left to lose.
        try? file.close()
        FileSystem.remove(file.path)
    }

    private func open() throws(FerryError) -> OutputFile {
        guard let file else {
            throw FerryError(.internalError, stage: .load, "the output \(destination) was already published or discarded")
        }
        return file
    }
}
