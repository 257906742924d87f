/// A chunked load committed a chunk into its staging table with its checkpoint, or continues
/// from a checkpoint an earlier run committed (Docs/many-files.md, "Chunked, resumable loads").
package struct Checkpointed: EventPayload {
    /// Chunks committed so far.
    package var chunks: Int
    /// Rows in the staging table.
    package var rowsStaged: Int
    /// The input line of the last staged record.
    package var lastLine: Int
    /// Input bytes read when the chunk ended.
    package var bytesRead: Int
    /// The record boundary after the last staged record, in decoded bytes from the start of the
    /// source: a resumed load continues reading there. Nil when the source has no such position.
    package var byteOffset: Int?
    /// Whether the run continues from this checkpoint (true) or just committed it (false).
    package var resumed: Bool

    /// The event for `checkpoint`.
    package init(_ checkpoint: ChunkCheckpoint, resumed: Bool) {
        chunks = checkpoint.chunks
        rowsStaged = checkpoint.rowsStaged
        lastLine = checkpoint.lastLine
        bytesRead = checkpoint.bytesRead
        byteOffset = checkpoint.resume?.offset
        self.resumed = resumed
    }

    package var eventPayload: Event.Payload { .checkpoint(self) }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        [("chunks", .int(chunks)), ("rows_staged", .int(rowsStaged)), ("last_line", .int(lastLine)),
         ("bytes_read", .int(bytesRead))] + (byteOffset.map { [("byte_offset", JSONValue.int($0))] } ?? [])
            + [("resumed", .bool(resumed))]
    }
}
