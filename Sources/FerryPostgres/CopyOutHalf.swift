import FerryCore
import Synchronization

/// The second half of a table that `PostgresSource` reads over two COPY streams: a
/// `CopyOutReader` on a connection and a thread of its own, reading ahead into a bounded queue
/// (two batches), so its server backend and its decoding run while the source's own thread
/// reads the first half.
final class CopyOutHalf {
    /// A chunk and the COPY bytes it took.
    struct Item: Sendable {
        var chunk: SourceChunk
        var bytes: Int
    }

    private let runner: Runner
    private var queue = BoundedQueue<Item>(capacity: 2)
    private var thread: WorkerThread?
    /// Whether every row was taken (until `restart`).
    private(set) var finished = false

    init(reader: CopyOutReader) {
        runner = Runner(reader: reader)
    }

    deinit { close() }

    var canceller: any Interrupter { runner.reader.connection.canceller }

    /// Whether binary rows come as typed chunks (`CopyOutReader.typedChunks`); set only while
    /// no thread runs (before the first `next()` or after `restart()`), as the thread reads it.
    var typedChunks: Bool {
        get { runner.reader.typedChunks }
        set { runner.reader.typedChunks = newValue }
    }

    /// The next chunk, read ahead by the thread (started by `start` or the first call); nil
    /// after the last, or throws the thread's error.
    func next() throws(FerryError) -> Item? {
        guard !finished else { return nil }
        try start()
        if let item = queue.take() { return item }
        thread?.join()
        thread = nil
        if let error = runner.error { throw error }
        finished = true
        return nil
    }

    /// Starts the thread, and so its COPY, unless it runs or every row was taken: the source
    /// calls this as it starts the first half, so both servers work from the start.
    func start() throws(FerryError) {
        guard !finished, thread == nil else { return }
        let queue = queue, runner = runner
        thread = try WorkerThread(name: "ferry-copy-out", stage: .extract) { runner.run(into: queue) }
    }

    /// Stops the thread, reads the rest of its COPY (`PQgetCopyData`) and lets the next `next()`
    /// run the COPY again in the same transaction.
    func restart() throws(FerryError) {
        stop()
        if let error = runner.error { throw error }
        try runner.reader.restart()
        queue = BoundedQueue<Item>(capacity: 2)
        finished = false
    }

    /// Cancels a running COPY (`PQcancel`), joins the thread and disconnects (`PQfinish`).
    /// Idempotent.
    func close() {
        if thread != nil { runner.reader.connection.canceller.interrupt() }
        stop()
        runner.reader.connection.close()
    }

    /// Closes the queue (the thread's next `put` fails and it returns) and joins the thread.
    private func stop() {
        guard let thread else { return }
        queue.close()
        thread.join()
        self.thread = nil
    }

    /// The reading thread's side.
    ///
    /// `@unchecked Sendable`: `reader` is used by the thread between `WorkerThread`'s start and
    /// the owner's `join()`, and by the owner only when no thread runs; `error` is behind a mutex.
    private final class Runner: @unchecked Sendable {
        let reader: CopyOutReader
        private let failure = Mutex<FerryError?>(nil)

        init(reader: CopyOutReader) {
            self.reader = reader
        }

        var error: FerryError? { failure.withLock { $0 } }

        /// Reads batches into `queue` until the COPY ends, it fails, or the queue is closed.
        func run(into queue: BoundedQueue<Item>) {
            do throws(FerryError) {
                while true {
                    let (chunk, bytes) = try reader.readChunk()
                    guard chunk.rowCount > 0 else { break }
                    guard queue.put(Item(chunk: chunk, bytes: bytes)) else { return }
                }
            } catch {
                failure.withLock { $0 = error }
            }
            queue.close()
        }
    }
}
