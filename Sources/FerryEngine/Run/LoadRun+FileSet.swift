package import FerryCore

/// A load from a glob or a directory (Docs/many-files.md): the files left out or loaded again
/// are reported, and each file loaded gets a ledger row of its own.
extension LoadRun {
    /// Emits a `file_skipped` warning per skipped file and an `already_loaded` warning per file
    /// loaded again; false when no file is left to load (the run then completes with nothing
    /// written, without opening the target).
    func reportFiles(_ files: FileSetReport?) -> Bool {
        guard let files else { return true }
        let table = request.target.objectName
        for match in files.skipped { emitter.emit(FileSetReport.skippedWarning(match, table: table)) }
        for match in files.reloaded { emitter.emit(FileSetReport.reloadedWarning(match, table: table)) }
        return !files.parts.isEmpty
    }

    /// The ledger rows of a completed load: `entry` for a single source, or one row per file of a
    /// set, with the file's path, fingerprint and counts, and `run_id` `<run id>/<n>`. A file's
    /// rows written are its rows read less its rejects (for upsert and update: the rows it sent).
    static func ledgerRows(_ entry: LedgerEntry, files: FileSetReport?, rejectedByFile: [String: Int]) -> [LedgerEntry] {
        guard let files, files.isSet else { return [entry] }
        return files.parts.enumerated().map { offset, part in
            var row = entry
            row.part = offset + 1
            row.sourceURI = part.path
            row.sourceSHA256 = part.fingerprint?.sha256
            row.sourceBytes = part.fingerprint?.bytes
            let rejected = rejectedByFile[part.path] ?? 0
            row.rowsRead = part.rowsRead
            row.rowsRejected = rejected
            row.rowsWritten = max(0, part.rowsRead - rejected)
            return row
        }
    }
}

extension Tally {
    /// Counts `rejected` against their files.
    mutating func countByFile(_ rejected: [RejectedRecord]) {
        for record in rejected {
            if let file = record.file { rejectedByFile[file, default: 0] += 1 }
        }
    }
}
