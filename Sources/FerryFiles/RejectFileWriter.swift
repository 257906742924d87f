package import FerryCore

/// JSON Lines reject file, opened lazily on the first rejected record. It is written under a
/// hidden temporary name beside `path` and takes its place only when complete (`close`), so a
/// crash never leaves a partial reject file and never clobbers the previous one half-way.
///
/// One line per record: `{"line":3,"column":"qty","column_index":2,"reason":"...","record":"..."}`
/// (`column` and `column_index` are null when no single column is at fault). The record is the
/// original text as a JSON string; a record that is not valid UTF-8 is written as
/// `"record_base64"` instead, so every byte survives. Lines are written (`write(2)`) at the end
/// of each `write` call; `close` flushes the file to disk and renames it into place.
package final class RejectFileWriter {
    package let path: String
    private var file: StagedFile?
    private var out: [UInt8] = []

    package init(path: String) {
        self.path = path
    }

    /// Appends one line per record, creating (or truncating) the file on first use.
    package func write(_ records: [RejectedRecord]) throws(FerryError) {
        guard !records.isEmpty else { return }
        let file: StagedFile
        if let open = self.file {
            file = open
        } else {
            do throws(FerryError) {
                file = try StagedFile(path, what: "the reject file")
            } catch {
                var named = error
                named.message = "cannot create the reject file \(path): \(error.driver?.message ?? error.message)"
                throw named
            }
            self.file = file
        }
        out.removeAll(keepingCapacity: true)
        for record in records {
            RejectFileWriter.appendLine(record, to: &out)
        }
        try file.write(out)
    }

    /// Flushes the file to disk, closes it and renames it to `path`, replacing an older reject
    /// file; idempotent, and nothing to do when no record came. When this fails, the temporary
    /// file is removed and an older reject file at `path` is untouched.
    package func close() throws(FerryError) {
        guard let file else { return }
        self.file = nil
        do throws(FerryError) {
            try file.publish(replacing: true)
        } catch {
            var named = error
            named.message = "cannot write the reject file \(path): \(error.driver?.message ?? error.message)"
            throw named
        }
    }

    /// Removes the temporary file without publishing it; an older reject file at `path` is
    /// untouched. Idempotent.
    package func discard() {
        file?.discard()
        file = nil
    }

    /// Appends the JSON line of `record`.
    static func appendLine(_ record: RejectedRecord, to out: inout [UInt8]) {
        out.append(contentsOf: "{".utf8)
        if let file = record.file {
            out.append(contentsOf: "\"file\":".utf8)
            JSONValue.writeString(file, into: &out)
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: "\"line\":".utf8)
        out.append(contentsOf: String(record.line).utf8)
        out.append(contentsOf: ",\"column\":".utf8)
        if let column = record.column {
            JSONValue.writeString(column, into: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: ",\"column_index\":".utf8)
        out.append(contentsOf: (record.columnIndex.map { String($0) } ?? "null").utf8)
        out.append(contentsOf: ",\"reason\":".utf8)
        JSONValue.writeString(record.reason, into: &out)
        let valid = record.record.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { UTF8Scan.isValid($0, count: buffer.count) } ?? true
        }
        if valid {
            out.append(contentsOf: ",\"record\":\"".utf8)
            JSONLinesEncoder.appendEscaped(record.record, to: &out)
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: ",\"record_base64\":\"".utf8)
            Base64.append(record.record, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(contentsOf: "}\n".utf8)
    }
}
