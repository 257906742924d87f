/// A column as a source reports it: a name, and a type when the source system knows one.
package struct SourceColumn: Sendable, Equatable {
    package var name: String
    /// The type a database source declares; nil for text sources, whose types are inferred.
    package var type: ColumnType?
    package var nullable: Bool

    package init(name: String, type: ColumnType? = nil, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// Reads records as untyped field texts, chunk by chunk, in constant memory.
///
/// Used from one thread at a time; the engine may hand it to a worker thread, and never uses it
/// from two threads at once.
package protocol RecordSource: AnyObject {
    /// The columns in source order. Text sources know them after `open`; JSON Lines sources add
    /// columns as new keys appear, until `fixColumns` is called.
    var columns: [SourceColumn] { get }
    /// Bytes of input consumed so far (compressed bytes for compressed input).
    var bytesRead: Int { get }
    /// The input size when known.
    var totalBytes: Int? { get }

    /// The next chunk of rows and reader rejects, or nil at the end of the input. Every row of a
    /// chunk has exactly `columns.count` fields at the time it is returned, or fewer for JSON Lines
    /// rows read before a later key appeared (missing trailing fields are NULL).
    func next() throws(FerryError) -> SourceChunk?

    /// Starts reading again from the first record (after an inference pass).
    func restart() throws(FerryError)
    /// Whether opening the source again reads the same records (files; not standard input). A
    /// load may then infer types from the first rows and check the rest while loading, starting
    /// over only when a later row changes a type or (JSON Lines, columns not fixed) adds a column.
    var repeatable: Bool { get }

    /// Freezes the column list: records with fields outside it are rejected from now on.
    func fixColumns(_ names: [String])

    /// SHA-256 and size of the bytes read, once the input has been read to its end (file
    /// sources); nil before that, and for database sources.
    var fingerprint: SourceFingerprint? { get }
    /// Stops hashing the bytes read: the load keeps no ledger row (`BatchSink.keepsLedger`), so
    /// `fingerprint` stays nil.
    func skipFingerprint()

    /// The files a file-set source read and left out (Docs/many-files.md); nil for other sources.
    var fileSet: FileSetReport? { get }

    /// The record boundary after the last record `next` returned, for checkpoints of chunked
    /// loads (a single file read with `commit_every`); nil when the source cannot resume there.
    func position() throws(FerryError) -> SourcePosition?

    /// Continues reading at `position` (taken from an earlier run over the same file) instead of
    /// where the source stands; throws when the file changed since (Docs/many-files.md).
    func resume(at position: SourcePosition) throws(FerryError)
}

extension RecordSource {
    package var repeatable: Bool { false }
    package func fixColumns(_ names: [String]) {}
    package var fingerprint: SourceFingerprint? { nil }
    package func skipFingerprint() {}
    package var fileSet: FileSetReport? { nil }
    package func position() throws(FerryError) -> SourcePosition? { nil }
    package func resume(at position: SourcePosition) throws(FerryError) {
        throw FerryError(.unsupported, stage: .extract, "this source cannot resume at a byte offset")
    }
}
