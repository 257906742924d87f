import FerryCore
import Synchronization

/// Writes a row group's column chunks into the file on a thread of its own, while the sink goes
/// on encoding the next row group. A `write(2)` of a row group (tens of MB into the page cache)
/// costs seconds of kernel time over a large load; on the sink's thread it stalled the encoding
/// (and, through the full queue, the reader) for all that time.
///
/// One row group is in flight at most: `submit` first waits for the previous one. The chunks'
/// buffers go back to their column writers as soon as the write is done (`collect`, polled
/// between slices of rows), so the pages of the next row group land in the same storage again
/// rather than in new memory (`ParquetColumnWriter.takeBack`). The file's bytes and their order
/// are the same as when writing on the sink's thread. A write error is thrown by the next
/// `collect` or `submit` (at the latest when the file is closed, before its footer).
///
/// Without a thread (none could be started, or the sink encodes on one thread) `submit` writes
/// at once on the calling thread.
final class ParquetChunkWriter {
    /// One row group's chunks, in file order, and the column writers they go back to.
    ///
    /// `@unchecked Sendable`: a job's file, buffers and writers are touched by the writing thread
    /// only between `submit` and the matching `collect` (the buffers only; the writers are given
    /// them back on the sink's thread), and the sink leaves the file alone meanwhile.
    struct Job: @unchecked Sendable {
        let file: any ParquetOutputFile
        var parts: [Part]
        var error: FerryError?
    }

    struct Part {
        let writer: ParquetColumnWriter
        var dictionaryPage: [UInt8]
        var chunk: [UInt8]
    }

    /// What the sink's thread and the writing thread share.
    private final class Channel: Sendable {
        let jobs = BoundedQueue<Job>(capacity: 1)
        let done = BoundedQueue<Job>(capacity: 1)
        /// Set once the job in flight is written (read by `collect` without waiting).
        let finished = Atomic<Bool>(false)
    }

    private let channel = Channel()
    private let thread: Transfer<WorkerThread>?
    /// Whether a job is in flight (sink's thread only).
    private var pending = false

    /// `threaded` false writes on the calling thread.
    init(threaded: Bool) {
        guard threaded else {
            thread = nil
            return
        }
        let channel = channel
        thread = (try? WorkerThread(name: "ferry-parquet-write", stage: .load) {
            while var job = channel.jobs.take() {
                job.error = Self.write(&job)
                channel.finished.store(true, ordering: .releasing)
                channel.done.put(job)
            }
        }).map { Transfer(value: $0) }
    }

    deinit {
        channel.jobs.close()
        thread?.value.join()
    }

    /// Writes `job`'s chunks in order; the first error, if any.
    private static func write(_ job: inout Job) -> FerryError? {
        do throws(FerryError) {
            for part in job.parts {
                if !part.dictionaryPage.isEmpty { try job.file.write(part.dictionaryPage) }
                if !part.chunk.isEmpty { try job.file.write(part.chunk) }
            }
            return nil
        } catch {
            return error
        }
    }

    /// Writes `job` (after the one in flight is done): on the thread, or here without one.
    func submit(_ job: Job) throws(FerryError) {
        try collect(wait: true)
        guard thread != nil else {
            var job = job
            let error = Self.write(&job)
            giveBack(&job)
            if let error { throw error }
            return
        }
        channel.finished.store(false, ordering: .relaxed)
        channel.jobs.put(job)
        pending = true
    }

    /// Returns the buffers of the job in flight to their column writers once it is written:
    /// waiting for it with `wait`, else only when it is already done. Throws its write error.
    func collect(wait: Bool) throws(FerryError) {
        guard pending else { return }
        if !wait && !channel.finished.load(ordering: .acquiring) { return }
        pending = false
        guard var job = channel.done.take() else {
            throw FerryError(.internalError, stage: .load, "the Parquet write thread ended before its row group was written")
        }
        giveBack(&job)
        if let error = job.error { throw error }
    }

    private func giveBack(_ job: inout Job) {
        for i in job.parts.indices {
            let dictionaryPage = job.parts[i].dictionaryPage
            let chunk = job.parts[i].chunk
            job.parts[i].dictionaryPage = []
            job.parts[i].chunk = []
            job.parts[i].writer.takeBack(dictionaryPage: dictionaryPage, chunk: chunk)
        }
    }
}
