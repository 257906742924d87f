import FerryCore
import Synchronization

/// Several `COPY … FROM STDIN` streams into one table, each on a connection and a thread of its
/// own, fed from one bounded queue of batches: the server parses and stores rows on as many
/// backends as there are streams, and the client encodes on as many threads.
///
/// Each stream's COPY commits on its own when `finish()` ends it, so the table must be one that
/// the load's transaction throws away on failure: the staging table of a `create` or `replace`
/// (see `PostgresStaging`). Rows land in no particular order.
final class ParallelCopy: CopyWriter {
    let format: CopyFormat
    private let table: PostgresTableName
    private let queue: BoundedQueue<TypedBatch>
    private let workers: [Worker]
    private let threads: [WorkerThread]
    private let failure: FailureBox
    private var ended = false

    /// Starts one thread per stream (a connection and its encoder); each opens its COPY when its
    /// first batch arrives. The connections must not be used by anyone else until `finish()` or
    /// `abort()` returns.
    /// Throws when a thread cannot be started (after stopping the ones that were).
    init(streams: [(connection: PGConnection, encoder: CopyEncoder)], table: PostgresTableName, columns: [String]) throws(FerryError) {
        format = streams.first?.encoder.format ?? .binary
        self.table = table
        let queue = BoundedQueue<TypedBatch>(capacity: 2 * max(1, streams.count))
        let failure = FailureBox()
        let workers = streams.map { connection, encoder in
            Worker(connection: connection, stream: CopyStream(connection: connection, table: table, columns: columns, encoder: encoder))
        }
        self.queue = queue
        self.failure = failure
        self.workers = workers
        var started: [WorkerThread] = []
        for (index, worker) in workers.enumerated() {
            do throws(FerryError) {
                started.append(try WorkerThread(name: "ferry-copy-\(index)", stage: .load) { worker.run(queue: queue, failure: failure) })
            } catch {
                // No batch was queued: the started workers end without opening their COPY.
                queue.close()
                for thread in started { thread.join() }
                throw error
            }
        }
        threads = started
    }

    deinit { abort() }

    var streamCount: Int { workers.count }

    /// Queues `batch` for the next free stream; throws the first stream's error once one failed.
    func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        if let error = failure.error { throw error }
        guard !ended, queue.put(batch) else {
            throw failure.error ?? FerryError(.internalError, stage: .load, "writing to table \(table) after its COPY streams ended")
        }
        return batch.rowCount
    }

    /// Lets every stream drain the queue, end its COPY (committing its rows) and stop; returns
    /// the rows stored by all of them, or throws the first error.
    func finish() throws(FerryError) -> Int {
        if !ended {
            ended = true
            queue.close()
            for thread in threads { thread.join() }
        }
        if let error = failure.error { throw error }
        return workers.reduce(0) { $0 + $1.rowsStored }
    }

    /// Stops every stream: queued batches are dropped, running COPYs are cancelled (`PQcancel`)
    /// and failed, so nothing more is committed. Idempotent.
    func abort() {
        guard !ended else { return }
        ended = true
        failure.record(FerryError(.cancelled, stage: .cancelled, "the load into table \(table) was stopped"))
        queue.close()
        for worker in workers { worker.connection.canceller.interrupt() }
        for thread in threads { thread.join() }
    }

    /// One stream: a connection, its COPY, and the rows it stored.
    ///
    /// `@unchecked Sendable`: after `init` the connection and stream are used only by the
    /// worker's own thread, until `ParallelCopy` joins that thread; `rowsStored` is read only
    /// after the join.
    private final class Worker: @unchecked Sendable {
        let connection: PGConnection
        let stream: CopyStream
        private(set) var rowsStored = 0

        init(connection: PGConnection, stream: CopyStream) {
            self.connection = connection
            self.stream = stream
        }

        func run(queue: BoundedQueue<TypedBatch>, failure: FailureBox) {
            do throws(FerryError) {
                while let batch = queue.take() {
                    if failure.error != nil { break }
                    _ = try stream.write(batch)
                }
                if failure.error != nil {
                    stream.abort()
                    return
                }
                rowsStored = try stream.finish()
            } catch {
                stream.abort()
                failure.record(error)
                // Wakes the producer (and the other streams): the load has failed.
                queue.close()
            }
        }
    }

    /// The first error of any stream.
    private final class FailureBox: Sendable {
        private let first = Mutex<FerryError?>(nil)

        var error: FerryError? { first.withLock { $0 } }

        func record(_ error: FerryError) {
            first.withLock { if $0 == nil { $0 = error } }
        }
    }
}
