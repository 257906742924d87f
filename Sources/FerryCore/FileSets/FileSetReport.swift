/// What a file source that reads a set of files (a glob, a directory, or one file checked
/// against the ledger) tells the engine: the files it reads, in order, and those it left out.
/// The engine writes one ledger row per file of a set and reports the skipped ones.
package struct FileSetReport: Sendable, Equatable {
    /// One file read: its path as listed (the glob's root joined with the matched path), the
    /// records read from it (rows plus reader rejects), and its SHA-256 and size once it was read
    /// to its end.
    package struct Part: Sendable, Equatable {
        package var path: String
        package var rowsRead = 0
        package var fingerprint: SourceFingerprint?

        package init(path: String) {
            self.path = path
        }
    }

    /// A file the ledger already holds (left out with `skip`, loaded with a warning otherwise).
    package struct Match: Sendable, Equatable {
        package var path: String
        package var loaded: LoadedFile

        package init(_ path: String, loadedAs loaded: LoadedFile) {
            (self.path, self.loaded) = (path, loaded)
        }
    }

    /// Whether the source was a glob or a directory (one ledger row per file) rather than one file.
    package var isSet: Bool
    package var parts: [Part]
    /// Files left out because they were loaded before.
    package var skipped: [Match]
    /// Files loaded although loaded before (no `if_loaded` given for a single file): each gets
    /// an `already_loaded` warning.
    package var reloaded: [Match]

    package init(isSet: Bool, parts: [Part], skipped: [Match] = [], reloaded: [Match] = []) {
        self.isSet = isSet
        self.parts = parts
        self.skipped = skipped
        self.reloaded = reloaded
    }

    /// The `file_skipped` warning of a skipped file.
    package static func skippedWarning(_ match: Match, table: String) -> Warning {
        Warning(code: "file_skipped",
                message: "\(match.path) was skipped: the ledger holds it as loaded into \"\(table)\" by run \(match.loaded.runID) (same name, size and SHA-256)")
    }

    /// The `already_loaded` warning of a file loaded again.
    package static func reloadedWarning(_ match: Match, table: String) -> Warning {
        Warning(code: "already_loaded",
                message: "\(match.path) was loaded into \"\(table)\" before, by run \(match.loaded.runID) (same name, size and SHA-256), and is loaded again; if_loaded \"skip\" leaves it out, \"reload\" loads it without this warning")
    }
}
