package import FerryCore

/// The records of several files read one after the other as one source (Docs/many-files.md): a
/// glob's or a directory's files, in the order listed, or one file checked against the ledger.
///
/// Every file must have the first file's columns (CSV and TSV headers are all read when the
/// source opens, so a file with other columns fails before anything is written), unless columns
/// are matched by name (`union_by_name`, and always for JSON Lines): then the columns are every
/// name in order of first appearance and a file's missing ones are NULL. With `provenance`, the
/// columns `_source_file` and `_source_line` come first. Chunks never mix files: each batch
/// carries its file (`RawBatch.sourceFile`), so rejects and errors name it.
package final class FileSetSource: RecordSource {
    /// The names of the provenance columns, in their order.
    package static let provenanceColumns = ["_source_file", "_source_line"]

    private let endpoint: FileEndpoint
    private let options: LoadOptions
    private let byName: Bool
    private let provenance: Bool
    private var report: FileSetReport
    /// The data columns (without provenance), grown by JSON Lines files until `fixColumns`.
    private var names: [String]
    /// Each data column's position, by the name's bytes: names that are canonically equal but
    /// spelt differently (NFC and NFD) are two columns, as in one file.
    private var positions: [[UInt8]: Int] = [:]
    private var fixed: [String]?
    /// Whether the files go unhashed (`skipFingerprint`): every reader opened is told.
    private var unhashed = false
    private var index = 0
    private var reader: (any RecordSource)?
    /// The first file's reader, kept after its end: a restart (after the inference pass) reads
    /// that file again through it, reusing its fingerprint instead of hashing the file again.
    /// The other files of a set are reopened, and hashed on each pass.
    private var firstReader: (any RecordSource)?
    private var doneBytes = 0
    package let totalBytes: Int?

    /// Opens the first of `files` (and reads every CSV/TSV header); `report` lists them as its
    /// parts, plus the files left out.
    package init(endpoint: FileEndpoint, options: LoadOptions, report: FileSetReport) throws(FerryError) {
        self.endpoint = endpoint
        self.options = options
        self.report = report
        let files = report.parts.map(\.path)
        byName = options.unionByName || (endpoint.format == .jsonl && files.count > 1)
        provenance = options.provenance
        var total = 0
        var known = true
        for file in files {
            if let size = FileSystem.regularFileSize(file) { total += size } else { known = false }
        }
        totalBytes = known ? total : nil
        names = []
        guard let first = files.first else { return }
        let opened = try Self.open(endpoint, file: first, options: options)
        reader = opened
        names = opened.columns.map(\.name)
        if endpoint.format != .jsonl {
            for file in files.dropFirst() {
                let other = try Self.open(endpoint, file: file, options: options).columns.map(\.name)
                if byName {
                    for name in other where !names.contains(where: { $0.utf8.elementsEqual(name.utf8) }) { names.append(name) }
                } else if !other.elementsEqual(names, by: { $0.utf8.elementsEqual($1.utf8) }) {
                    throw Self.mismatch(file, other, first: first, names)
                }
            }
        }
        for (position, name) in names.enumerated() where positions[Array(name.utf8)] == nil { positions[Array(name.utf8)] = position }
        if provenance, let clash = names.first(where: Self.provenanceColumns.contains) {
            throw FerryError(.sourceSchema, stage: .extract,
                             "\(first) has a column \"\(clash)\", the name of a provenance column; rename it or leave provenance out")
        }
    }

    package var columns: [SourceColumn] {
        ((provenance ? Self.provenanceColumns : []) + names).map { SourceColumn(name: $0) }
    }

    package var bytesRead: Int { doneBytes + (reader?.bytesRead ?? 0) }

    /// Files read the same records when opened again.
    package var repeatable: Bool { true }

    /// The single file's fingerprint when the source is not a set (a set's are in `fileSet`).
    package var fingerprint: SourceFingerprint? {
        report.isSet ? nil : report.parts.first?.fingerprint
    }

    package var fileSet: FileSetReport? { report }

    package func next() throws(FerryError) -> SourceChunk? {
        while index < report.parts.count {
            let file = report.parts[index].path
            let current: any RecordSource
            if let reader {
                current = reader
            } else {
                current = try Self.open(endpoint, file: file, options: options)
                adopt(current)
            }
            let chunk: SourceChunk?
            do {
                chunk = try current.next()
            } catch {
                throw Self.naming(error, file)
            }
            if let chunk {
                report.parts[index].rowsRead += chunk.rows.rowCount + chunk.rejected.count
                return adapt(chunk, file: file, columns: current.columns)
            }
            report.parts[index].fingerprint = current.fingerprint
            doneBytes += current.bytesRead
            if index == 0 { firstReader = current }
            reader = nil
            index += 1
        }
        return nil
    }

    package func restart() throws(FerryError) {
        for part in report.parts.indices {
            report.parts[part].rowsRead = 0
            report.parts[part].fingerprint = nil
        }
        let again = firstReader ?? (index == 0 ? reader : nil)
        index = 0
        doneBytes = 0
        reader = nil
        firstReader = nil
        guard let first = report.parts.first?.path else { return }
        let opened: any RecordSource
        if let again {
            do {
                try again.restart()
            } catch {
                throw Self.naming(error, first)
            }
            opened = again
        } else {
            opened = try Self.open(endpoint, file: first, options: options)
        }
        adopt(opened)
    }

    /// Makes `opened` the current reader, told what this source was told (`fixColumns`,
    /// `skipFingerprint`).
    private func adopt(_ opened: any RecordSource) {
        if let fixed { opened.fixColumns(fixed) }
        if unhashed { opened.skipFingerprint() }
        reader = opened
    }

    /// The single file's position; nil for a set (chunked loads take one file).
    package func position() throws(FerryError) -> SourcePosition? {
        guard !report.isSet, index == 0 else { return nil }
        return try reader?.position()
    }

    /// Resumes the single file at `position`.
    package func resume(at position: SourcePosition) throws(FerryError) {
        guard !report.isSet, index == 0, let reader, let file = report.parts.first?.path else {
            throw FerryError(.unsupported, stage: .extract, "a set of files cannot resume at a byte offset")
        }
        do {
            try reader.resume(at: position)
        } catch {
            throw Self.naming(error, file)
        }
    }

    package func skipFingerprint() {
        unhashed = true
        reader?.skipFingerprint()
        firstReader?.skipFingerprint()
    }

    package func fixColumns(_ names: [String]) {
        let data = provenance ? Array(names.dropFirst(Self.provenanceColumns.count)) : names
        fixed = data
        if !byName { self.names = data }
        reader?.fixColumns(data)
    }

    /// `chunk` with its file named on the batch and the rejects, its fields moved to the set's
    /// columns when they are matched by name, and the provenance fields added.
    private func adapt(_ chunk: SourceChunk, file: String, columns: [SourceColumn]) -> SourceChunk {
        var chunk = chunk
        if !byName {
            // One file's own columns (JSON Lines adds them as keys appear).
            names = columns.map(\.name)
        }
        if report.isSet {
            for reject in chunk.rejected.indices { chunk.rejected[reject].file = file }
            chunk.rows.sourceFile = file
        }
        guard byName || provenance else { return chunk }
        var map: [Int?] = []
        if byName {
            for column in columns where positions[Array(column.name.utf8)] == nil {
                positions[Array(column.name.utf8)] = names.count
                names.append(column.name)
            }
            map = Array(repeating: nil, count: names.count)
            for (field, column) in columns.enumerated() {
                if let position = positions[Array(column.name.utf8)], map[position] == nil { map[position] = field }
            }
        } else {
            map = names.indices.map { $0 }
        }
        let input = chunk.rows
        var out = RawBatch()
        out.storage = input.storage
        let fileStart = out.storage.count
        out.storage.append(contentsOf: file.utf8)
        let fileLength = out.storage.count - fileStart
        for row in 0..<input.rowCount {
            if provenance {
                out.appendField(start: fileStart, length: fileLength)
                let lineStart = out.storage.count
                out.storage.append(contentsOf: String(input.rowLine[row]).utf8)
                out.appendField(start: lineStart, length: out.storage.count - lineStart)
            }
            let base = Int(input.rowFieldOffset[row])
            let count = input.fieldCount(row: row)
            for position in map.indices {
                if let field = map[position], field < count {
                    out.appendField(start: Int(input.fieldStart[base + field]), length: Int(input.fieldLength[base + field]))
                } else {
                    out.appendField(start: 0, length: -1)
                }
            }
            out.endRow(line: input.rowLine[row], recordStart: Int(input.recordStart[row]), recordEnd: Int(input.recordEnd[row]))
        }
        out.sourceFile = chunk.rows.sourceFile
        chunk.rows = out
        return chunk
    }

    private static func open(_ endpoint: FileEndpoint, file: String, options: LoadOptions) throws(FerryError) -> any RecordSource {
        var one = endpoint
        one.path = file
        do {
            return try FileSources.open(one, options: options)
        } catch {
            throw naming(error, file)
        }
    }

    /// `error` with its message naming `file`, when it does not already.
    private static func naming(_ error: FerryError, _ file: String) -> FerryError {
        guard !PathGlob.contains(error.message, file) else { return error }
        var named = error
        named.message = "\(file): \(error.message)"
        return named
    }

    /// The error of a file whose columns differ from the first file's.
    private static func mismatch(_ file: String, _ columns: [String], first: String, _ expected: [String]) -> FerryError {
        let missing = expected.filter { !columns.contains($0) }
        let extra = columns.filter { !expected.contains($0) }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("lacks " + missing.map { "\"\($0)\"" }.joined(separator: ", ")) }
        if !extra.isEmpty { parts.append("has " + extra.map { "\"\($0)\"" }.joined(separator: ", ") + " besides") }
        if parts.isEmpty { parts.append("has the same columns in another order or count") }
        return FerryError(.sourceSchema, stage: .extract,
                          "\(file) has other columns than \(first): it \(parts.joined(separator: " and ")); match the files' columns by name with union_by_name (--union-by-name)")
    }
}
