package import FerryCore

/// CSV/TSV/JSON Lines file target; atomic: writes a temp file in the same directory and renames it at commit.
///
/// The same `LoadOptions` that describe a delimited source describe the target file: delimiter,
/// quote, escape, `header` and the first NULL marker (CSV default: NULL is an empty unquoted
/// field; TSV default `\N`). Files are always written as UTF-8.
///
/// Modes: `create` never overwrites an existing file (checked at `begin`, and again atomically
/// at `commit` with `link(2)`); `replace` and `truncate` write a new file and rename it over the
/// old one (keeping its permissions); `append` copies the existing file into the temporary file
/// first (a CSV/TSV header must match the load's columns). `upsert` and `update` need keys a file
/// does not have and are refused.
package final class FileTargetWriter: BatchSink {
    package var valueLimits: ValueLimits { .none }
    package var keepsLedger: Bool { false }
    package var interrupter: any Interrupter { stopFlag }

    private let endpoint: FileEndpoint
    private let options: LoadOptions
    private let stopFlag = FileWriteInterrupter()
    private var temporary: StagedFile?
    private var mode = LoadMode.create
    private var encoder: Encoder?
    private var out: [UInt8] = []

    /// Encoders of the three formats.
    private enum Encoder {
        case csv(DelimitedEncoder<CSVQuoting>)
        case tsv(DelimitedEncoder<TSVEscaping>)
        case jsonl(JSONLinesEncoder)
    }

    /// Bytes buffered before a `write(2)`.
    private static let flushSize = 1 << 20

    package init(endpoint: FileEndpoint, options: LoadOptions) {
        self.endpoint = endpoint
        self.options = options
    }

    deinit {
        rollback()
    }

    /// Files have no schema: always nil.
    package func existingColumns() throws(FerryError) -> [Column]? { nil }

    package func begin(schema: Schema, mode: LoadMode, key: [String]) throws(FerryError) {
        let path = endpoint.path
        guard path != "-" else {
            throw FerryError(.unsupported, stage: .load, "a file target cannot be stdout, which carries the events; give a path")
        }
        guard endpoint.compression != .gzip else {
            throw FerryError(.unsupported, stage: .load, "compressed file targets are not supported")
        }
        guard FileEndpoint.targetModes.contains(mode) else {
            throw FerryError(
                .unsupported, stage: .load,
                "file targets support the modes \(FileEndpoint.targetModes.map(\.rawValue).joined(separator: ", ")), not \(mode.rawValue)")
        }
        let exists = FileSystem.exists(path)
        if mode == .create && exists {
            throw FerryError(.targetExists, stage: .load, "the file \(path) already exists; use mode replace, truncate or append")
        }
        rollback()
        self.mode = mode
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(FileTargetWriter.flushSize + 64 * 1024)

        var encoder = makeEncoder(schema: schema)
        let file = try StagedFile(path, what: "the file target")
        temporary = file
        var needsHeader = options.header
        if mode == .append && exists {
            do throws(FerryError) {
                needsHeader = try copyExisting(path, into: file, encoder: &encoder, schema: schema)
            } catch {
                rollback()
                throw error
            }
        }
        if needsHeader {
            switch encoder {
            case var .csv(e): e.appendHeader(schema.names, to: &out); encoder = .csv(e)
            case var .tsv(e): e.appendHeader(schema.names, to: &out); encoder = .tsv(e)
            case .jsonl: break
            }
        }
        self.encoder = encoder
    }

    package func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        // Taken out while it works, so its reused buffers have one owner and are not copied.
        guard let file = temporary, let encoder = encoder.take() else {
            throw FerryError(.internalError, stage: .load, "write before begin on the file target \(endpoint.path)")
        }
        if stopFlag.isInterrupted {
            throw FerryError(.cancelled, stage: .cancelled, "the write to \(endpoint.path) was interrupted")
        }
        switch consume encoder {
        case var .csv(e):
            defer { self.encoder = .csv(e) }
            try writeDelimited(batch, with: &e, to: file)
        case var .tsv(e):
            defer { self.encoder = .tsv(e) }
            try writeDelimited(batch, with: &e, to: file)
        case var .jsonl(e):
            defer { self.encoder = .jsonl(e) }
            var row = 0
            while row < batch.rowCount {
                let end = min(row + JSONLinesEncoder.rowsPerPiece, batch.rowCount)
                e.appendRows(batch, row ..< end, to: &out)
                if out.count >= FileTargetWriter.flushSize { try flush(file) }
                row = end
            }
        }
        return batch.rowCount
    }

    /// Files have no load ledger: records nothing.
    package func record(_ entry: LedgerEntry) throws(FerryError) {}

    /// Files have no load ledger: records nothing.
    package func recordFailure(_ entry: LedgerEntry) {}

    package func commit() throws(FerryError) {
        guard let file = temporary else {
            throw FerryError(.internalError, stage: .commit, "commit before begin on the file target \(endpoint.path)")
        }
        temporary = nil
        do throws(FerryError) {
            try flush(file)
            let replacing = !(mode == .create || (mode == .append && !FileSystem.exists(endpoint.path)))
            try file.publish(replacing: replacing)
        } catch {
            file.discard()
            out.removeAll(keepingCapacity: true)
            throw error
        }
    }

    package func rollback() {
        temporary?.discard()
        temporary = nil
        out.removeAll(keepingCapacity: true)
    }

    /// Writes the lines of `batch` in pieces of about `flushSize` bytes.
    private func writeDelimited<Encoding>(_ batch: TypedBatch, with encoder: inout DelimitedEncoder<Encoding>,
                                          to file: StagedFile) throws(FerryError) {
        encoder.prepare(batch)
        var row = 0
        while row < batch.rowCount {
            let end = encoder.rowsFitting(from: row, budget: max(FileTargetWriter.flushSize - out.count, 0))
            encoder.appendRows(batch, row ..< end, to: &out)
            if out.count >= FileTargetWriter.flushSize { try flush(file) }
            row = end
        }
    }

    private func flush(_ file: StagedFile) throws(FerryError) {
        guard !out.isEmpty else { return }
        try file.write(out)
        out.removeAll(keepingCapacity: true)
    }

    private func makeEncoder(schema: Schema) -> Encoder {
        switch endpoint.format {
        case .csv:
            let quote = options.quote ?? 0x22
            let nullText = Array((options.nullMarkers?.first ?? "").utf8)
            let quoting = CSVQuoting(delimiter: options.delimiter ?? 0x2C, quote: quote, escape: options.escape ?? quote, nullText: nullText)
            return .csv(DelimitedEncoder(encoding: quoting, nullText: nullText))
        case .tsv:
            let nullText = Array((options.nullMarkers?.first ?? "\\N").utf8)
            return .tsv(DelimitedEncoder(encoding: TSVEscaping(delimiter: options.delimiter ?? 0x09, nullText: nullText), nullText: nullText))
        case .jsonl:
            return .jsonl(JSONLinesEncoder(names: schema.names))
        }
    }

    /// Copies the existing file for `append`; returns whether a header must still be written
    /// (the file was empty). A CSV/TSV header must be the one this load would write.
    private func copyExisting(_ path: String, into file: StagedFile, encoder: inout Encoder, schema: Schema) throws(FerryError) -> Bool {
        let input: InputFile
        do throws(FerryError) {
            input = try InputFile(path: path)
        } catch {
            throw FerryError(.targetWrite, stage: .load, "cannot read the existing file \(path) to append to it: \(error.message)", driver: error.driver)
        }
        var expectedHeader: [UInt8] = []
        if options.header {
            switch encoder {
            case var .csv(e): e.appendHeader(schema.names, to: &expectedHeader); encoder = .csv(e)
            case var .tsv(e): e.appendHeader(schema.names, to: &expectedHeader); encoder = .tsv(e)
            case .jsonl: break
            }
        }
        let chunk = ScanBuffer(capacity: 1 << 20)
        var total = 0
        var head: [UInt8] = []
        var last: UInt8 = 0x0A
        while true {
            chunk.clear()
            let n: Int
            do throws(FerryError) {
                n = try input.read(into: chunk.spare)
            } catch {
                throw FerryError(.targetWrite, stage: .load, "cannot read the existing file \(path) to append to it: \(error.message)", driver: error.driver)
            }
            if n == 0 { break }
            chunk.commit(n)
            let bytes = UnsafeRawBufferPointer(start: chunk.base, count: n)
            if head.count < expectedHeader.count {
                head.append(contentsOf: bytes.prefix(expectedHeader.count - head.count))
            }
            try file.write(bytes)
            total += n
            last = chunk.base[n - 1]
        }
        if total == 0 { return options.header }
        if !expectedHeader.isEmpty && head != expectedHeader {
            throw FerryError(.targetSchemaMismatch, stage: .load, "the header of \(path) is not the columns of this load (\(schema.names.joined(separator: ", "))); appending would mix columns")
        }
        if last != 0x0A { out.append(0x0A) }
        return false
    }
}
