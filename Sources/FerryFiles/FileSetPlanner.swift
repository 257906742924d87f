package import FerryCore

/// Decides which files a file source reads (Docs/many-files.md): the glob's or directory's
/// files (or the one file), less those the target's ledger holds as loaded when `if_loaded` says
/// to skip them. A file is loaded before when a completed ledger row for the target table has
/// its name (last path segment), size and SHA-256; name and size are compared first, so only a
/// file that matches both is hashed here (the others are hashed once, while they load).
package enum FileSetPlanner {
    /// The source for `endpoint` (standard input: the plain reader); `loaded` reads the target's
    /// ledger, and is called only when the decision needs it.
    package static func open(
        _ endpoint: FileEndpoint, options: LoadOptions, mode: LoadMode,
        loaded: () throws(FerryError) -> [LoadedFile]
    ) throws(FerryError) -> any RecordSource {
        if endpoint.path == "-" { return try FileSources.open(endpoint, options: options) }
        let (files, isSet) = try list(endpoint)
        let policy = options.ifLoaded ?? IfLoaded.default(isFileSet: isSet, mode: mode)
        let appends = mode == .append || mode == .upsert || mode == .update
        let checks = policy != .reload || (options.ifLoaded == nil && !isSet && appends)
        var report = FileSetReport(isSet: isSet, parts: [])
        let matches = checks ? try loadedBefore(files, ledger: loaded()) : [:]
        for file in files {
            guard let match = matches[file] else {
                report.parts.append(.init(path: file))
                continue
            }
            switch policy {
            case .skip:
                report.skipped.append(.init(file, loadedAs: match))
            case .error:
                report.parts.append(.init(path: file))
            case .reload:
                report.parts.append(.init(path: file))
                report.reloaded.append(.init(file, loadedAs: match))
            }
        }
        if policy == .error, !matches.isEmpty {
            let named = files.filter { matches[$0] != nil }
            let listed = named.prefix(5).joined(separator: ", ") + (named.count > 5 ? " and \(named.count - 5) more" : "")
            throw FerryError(.alreadyLoaded, stage: .validate,
                             "\(listed) \(named.count == 1 ? "was" : "were") loaded before (the ledger holds the same name, size and SHA-256 as loaded by run \(matches[named[0]]?.runID ?? "?")); nothing was written. if_loaded \"skip\" leaves such files out, \"reload\" loads them again")
        }
        return try FileSetSource(endpoint: endpoint, options: options, report: report)
    }

    /// The files of `endpoint`: a glob's matches, a directory's files of its format, or the one
    /// file; and whether that is a set (one ledger row per file).
    package static func list(_ endpoint: FileEndpoint) throws(FerryError) -> (files: [String], isSet: Bool) {
        if PathGlob.isPattern(endpoint.path) {
            let glob: PathGlob
            do {
                glob = try PathGlob(endpoint.path)
            } catch {
                throw FerryError(.invalidRequest, stage: .validate, "the source path is not a valid pattern: \(error.message)")
            }
            return (try LocalFileLister.files(matching: glob), true)
        }
        if LocalFileLister.isDirectory(endpoint.path) {
            return (try LocalFileLister.files(in: endpoint.path, format: endpoint.format), true)
        }
        return ([endpoint.path], false)
    }

    /// The files of `files` that `ledger` holds as loaded, with the row that does.
    static func loadedBefore(_ files: [String], ledger: [LoadedFile]) throws(FerryError) -> [String: LoadedFile] {
        guard !ledger.isEmpty else { return [:] }
        var byNameAndSize: [String: [LoadedFile]] = [:]
        for row in ledger {
            byNameAndSize[key(LoadedFile.name(of: row.sourceURI), row.fingerprint.bytes), default: []].append(row)
        }
        var found: [String: LoadedFile] = [:]
        for file in files {
            guard let size = FileSystem.regularFileSize(file),
                  let rows = byNameAndSize[key(LoadedFile.name(of: file), size)] else { continue }
            let digest = try FileDigest.sha256(path: file)
            if let row = rows.first(where: { $0.fingerprint == digest }) {
                found[file] = row
            }
        }
        return found
    }

    private static func key(_ name: Substring, _ bytes: Int) -> String {
        "\(bytes)/\(name)"
    }
}
