import FerryCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work over a row group's columns on the sink's thread and up to one helper thread: both
/// take column numbers from a shared counter, one at a time, each compressing with its own
/// compressor, and `run` returns once every column is done (fork and join, per slice of rows).
///
/// The output is the same bytes whichever thread encodes a column: a column writer is touched by
/// one thread at a time and in the same order of rows, and compression depends only on a page's
/// bytes and the level (every zstd frame is made by `ZSTD_compressCCtx`, which resets the
/// context). An error is the one of the lowest column number, as when one thread goes through
/// the columns in order.
///
/// Memory: nothing is queued between the threads (the helper works on the batch the sink holds,
/// and the sink waits for it), so two threads cost one more compression context (about 1 MiB for
/// zstd at level 3) and the helper's stack. The pages being built belong to the column writers
/// either way.
final class ParquetColumnWorkers {
    /// The sink thread's compressor.
    let compressor: PageCompressor
    private let helper: Helper?
    /// Below this many rows (times columns) a slice is encoded on the sink's thread alone: the
    /// hand-over costs more than it saves.
    static let minimumParallelValues = 4096

    /// `threads` 1 encodes on the calling thread only; 2 (the most used) adds a helper thread.
    init(_ codec: ParquetCodec, threads: Int) throws(FerryError) {
        compressor = try PageCompressor(codec)
        helper = threads > 1 ? Helper(compressor: try PageCompressor(codec)) : nil
    }

    deinit { helper?.stop() }

    /// Whether a helper thread shares the work.
    var isParallel: Bool { helper?.isRunning ?? false }

    /// Calls `body(column, compressor)` for every column in `0..<count`, each exactly once, on
    /// this thread or the helper; `values` (rows times columns, about) decides whether the
    /// helper is worth waking. Throws the error of the lowest column that failed.
    func run(
        columns count: Int, values: Int,
        _ body: (Int, PageCompressor) throws(FerryError) -> Void
    ) throws(FerryError) {
        guard let helper, helper.isRunning, count > 1, values >= Self.minimumParallelValues else {
            for column in 0..<count { try body(column, compressor) }
            return
        }
        try withoutActuallyEscaping(body, do: { (escaped) throws(FerryError) in
            let work = SharedWork(count: count, body: escaped)
            helper.start(work)
            work.drain(compressor)
            helper.wait()
            // The helper may still hold `work` for a moment: drop the closure from it, so that
            // nothing but this frame refers to `escaped` when the block returns.
            work.body = nil
            try work.firstError()
        })
    }

    /// What both threads share for one `run`: the next column to take, each column's error.
    ///
    /// `@unchecked Sendable`: `body` and the column writers it reaches are used by one thread
    /// per column (the counter hands each column out once), `errors` has one slot per column
    /// written by the thread that took it, and `run` reads the errors and returns (ending
    /// `body`'s lifetime) only after the helper signalled that it is done.
    private final class SharedWork: @unchecked Sendable {
        let next = Atomic<Int>(0)
        let count: Int
        /// Set to nil by `run` once both threads are done.
        var body: ((Int, PageCompressor) throws(FerryError) -> Void)?
        private let errors: UnsafeMutableBufferPointer<FerryError?>

        init(count: Int, body: @escaping (Int, PageCompressor) throws(FerryError) -> Void) {
            self.count = count
            self.body = body
            errors = .allocate(capacity: count)
            errors.initialize(repeating: nil)
        }

        deinit {
            errors.deinitialize()
            errors.deallocate()
        }

        /// Takes columns until none is left.
        func drain(_ compressor: PageCompressor) {
            while true {
                let column = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard column < count else { return }
                guard let body else { return }
                do throws(FerryError) { try body(column, compressor) } catch { errors[column] = error }
            }
        }

        func firstError() throws(FerryError) {
            for case let error? in errors { throw error }
        }
    }

    /// The helper thread: waits for work, drains it with its own compressor, says it is done.
    private final class Helper: Sendable {
        private let jobs = BoundedQueue<Job>(capacity: 1)
        private let done = BoundedQueue<Bool>(capacity: 1)
        /// Nil when no thread could be started: the sink's thread then does all the work.
        private let thread: Transfer<WorkerThread>?

        /// One `run`'s shared work; `@unchecked Sendable` for the reason `SharedWork` gives.
        private struct Job: @unchecked Sendable { let work: SharedWork }

        /// `@unchecked Sendable`: the helper thread is the only user of the compressor after `init`.
        private struct Owned: @unchecked Sendable { let compressor: PageCompressor }

        init(compressor: PageCompressor) {
            let jobs = jobs, done = done, owned = Owned(compressor: compressor)
            thread = (try? WorkerThread(name: "ferry-parquet-encode", stage: .load) {
                while let job = jobs.take() {
                    job.work.drain(owned.compressor)
                    done.put(true)
                }
            }).map { Transfer(value: $0) }
        }

        var isRunning: Bool { thread != nil }

        func start(_ work: SharedWork) { jobs.put(Job(work: work)) }

        func wait() { _ = done.take() }

        /// Ends the thread (after its current job) and joins it.
        func stop() {
            jobs.close()
            thread?.value.join()
        }
    }
}
