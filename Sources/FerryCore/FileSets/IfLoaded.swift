/// What a load does with a source file the target's ledger already holds as loaded: a completed
/// row for the same target table with the same fingerprint (file name, size, SHA-256).
/// Docs/many-files.md, "Skipping what is loaded".
package enum IfLoaded: String, Sendable, CaseIterable {
    /// Leave the file out and say so (`file_skipped` warning). The default for globs and
    /// directories loaded with `append`, `upsert` or `update`.
    case skip
    /// Fail before anything is written (`already_loaded`, exit code 4).
    case error
    /// Load it again. The default for `create`, `replace` and `truncate`, which throw away what
    /// earlier loads wrote; a single file is loaded with an `already_loaded` warning when no
    /// choice is given.
    case reload

    /// The choice when the request makes none: `skip` for a file set appended to (or upserted
    /// into) its target, else `reload`.
    package static func `default`(isFileSet: Bool, mode: LoadMode) -> IfLoaded {
        isFileSet && (mode == .append || mode == .upsert || mode == .update) ? .skip : .reload
    }
}
