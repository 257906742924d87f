/// Where a chunked load stands (Docs/many-files.md, "Chunked, resumable loads"): one row of the
/// checkpoint table `ferry_checkpoints`, written in the transaction of each chunk it describes,
/// so it names exactly the rows the staging table holds.
package struct ChunkCheckpoint: Sendable, Equatable {
    /// The load it belongs to: `ChunkCheckpoint.key(job:target:)`.
    package var key: String
    /// The run that wrote the checkpoint last.
    package var runID: String
    /// The staging table that holds the committed chunks.
    package var stagingTable: String
    /// The source as it may be shown, and its size in bytes when known.
    package var sourceURI: String
    package var sourceBytes: Int?
    /// The staged columns and Ferry types (`LedgerEntry.columnTypes(of:)`).
    package var columnTypes: String
    package var mode: LoadMode
    /// Rows in the staging table.
    package var rowsStaged: Int
    /// The input line of the last staged record: a resumed load skips the records up to it.
    package var lastLine: Int
    /// Input bytes the reader had consumed when the chunk ended (a read position, ahead of the
    /// last staged record by at most the reader's buffer).
    package var bytesRead: Int
    /// Chunks committed.
    package var chunks: Int
    /// Unix milliseconds of the last commit.
    package var updatedAt: Int64
    /// The record boundary after the last staged record, with the running hash of the input and
    /// what identifies the file: a resumed load seeks there. Nil for sources without positions
    /// (they skip the records up to `lastLine` instead).
    package var resume: SourcePosition?

    package init(key: String, runID: String, stagingTable: String, sourceURI: String, sourceBytes: Int?, columnTypes: String,
                 mode: LoadMode, rowsStaged: Int, lastLine: Int, bytesRead: Int, chunks: Int, updatedAt: Int64, resume: SourcePosition?) {
        self.key = key
        self.runID = runID
        self.stagingTable = stagingTable
        self.sourceURI = sourceURI
        self.sourceBytes = sourceBytes
        self.columnTypes = columnTypes
        self.mode = mode
        self.rowsStaged = rowsStaged
        self.lastLine = lastLine
        self.bytesRead = bytesRead
        self.chunks = chunks
        self.updatedAt = updatedAt
        self.resume = resume
    }

    /// The checkpoint key of a job's load into `target`: the same request run again finds it.
    package static func key(job: Job, target: String) -> String {
        "\(job.namespace)/\(job.name)→\(target)"
    }

    /// The staging table of `key`: `ferry_chunks_` and 16 hex digits of its FNV-1a hash (stable
    /// across runs and machines, short enough for every database's names).
    package static func stagingTable(key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = Array("0123456789abcdef".utf8)
        var out = Array("ferry_chunks_".utf8)
        for shift in stride(from: 60, through: 0, by: -4) { out.append(digits[Int((hash >> UInt64(shift)) & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Why this checkpoint cannot be resumed by a load of `sourceURI` (`sourceBytes` long) with
    /// `columnTypes` in `mode`; nil when it can.
    package func mismatch(sourceURI: String, sourceBytes: Int?, columnTypes: String, mode: LoadMode) -> String? {
        if sourceURI != self.sourceURI { return "it was made for source \(self.sourceURI)" }
        if let sourceBytes, let recorded = self.sourceBytes, sourceBytes != recorded {
            return "the source is now \(sourceBytes) bytes, not \(recorded)"
        }
        if mode != self.mode { return "it was made for mode \(self.mode.rawValue)" }
        if columnTypes != self.columnTypes { return "the source's columns or their types changed since" }
        return nil
    }
}
