package import FerryCore

/// Chunked, resumable loads (`options.commit_every`; Docs/many-files.md): the run writes through
/// a `ChunkedLoadSink` over sinks the composition root opens for the target and its staging table.
extension LoadRun {
    /// Opens the sink of one attempt: `openSink`'s, or, for a chunked load, a chunked sink over
    /// `openStagingSink`'s. Every attempt (a retry included) resumes from the last checkpoint.
    func openTarget(_ openSink: () throws(FerryError) -> any BatchSink, source: any RecordSource) throws(FerryError) -> any BatchSink {
        guard let every = request.options.commitEvery else { return try openSink() }
        guard let openStagingSink else {
            throw FerryError(.unsupported, stage: .validate,
                             "commit_every needs a PostgreSQL or SQLite target: this target cannot stage chunks and commit a checkpoint with each (Docs/many-files.md, \"Chunked, resumable loads\")")
        }
        if let files = source.fileSet, files.isSet {
            throw FerryError(.unsupported, stage: .validate,
                             "commit_every loads one file: a glob or directory loads its files in one transaction; load a huge file on its own")
        }
        let key = ChunkCheckpoint.key(job: request.job, target: request.target.objectName)
        let start = ChunkCheckpoint(key: key, runID: emitter.runID.description, stagingTable: ChunkCheckpoint.stagingTable(key: key),
                                    sourceURI: request.source.displayURI, sourceBytes: source.totalBytes, columnTypes: "",
                                    mode: request.mode, rowsStaged: 0, lastLine: 0, bytesRead: 0, chunks: 0, updatedAt: 0, resume: nil)
        return try ChunkedLoadSink(start: start, every: every, resume: request.options.resume, emitter: emitter, openSink: openStagingSink)
    }

    /// Tells a chunked sink how far the input was read, for `commit_every` in bytes, and the
    /// record boundary after the batch it is about to write, for its checkpoint.
    func noteBytesRead(_ bytes: Int, position: SourcePosition?, sink: any BatchSink) {
        guard let chunked = sink as? ChunkedLoadSink else { return }
        chunked.bytesRead = bytes
        chunked.position = position
    }

    /// The chunks the reader starts with: none when a chunked sink resumes a checkpoint that has
    /// the source's position, where the source then continues (seeking past the staged records
    /// instead of reading them); else the chunks read while inferring the schema. The staged rows
    /// count as read (rows an earlier run rejected are not counted again).
    func resumeSource(_ source: any RecordSource, sink: any BatchSink, replay: [SourceChunk], tally: inout Tally) throws(FerryError) -> [SourceChunk] {
        guard let chunked = sink as? ChunkedLoadSink, let position = chunked.resumePosition else { return replay }
        try source.resume(at: position)
        tally.rowsRead += chunked.rowsStagedBefore
        return []
    }
}
