import FerryCore

/// The stage thread's work, for loads with a shaper or stages: take the reader's batches in
/// order, run them through the shaper and the stages, and queue the results for the
/// writer, so checks and transforms overlap both parsing and the target's work.
///
/// One thread and two FIFO queues keep the input order, so stateful stages (`unique`,
/// de-duplication) see rows as the file has them. An error a step throws, or one the reader
/// queued, goes to the writer as `.failed` (which fails the load, and the target is rolled back);
/// the thread then stops, closing the reader's queue so that the reader stops too. The output
/// queue is closed as the thread's last act: once the writer sees it drained, the stages are the
/// writer's again (their `finish`, the shaper's held rows).
struct StageWorker: Sendable {
    /// Batches from the reader.
    let input: BoundedQueue<Prepared>
    /// Staged batches (without their raw chunk) for the writer.
    let output: BoundedQueue<Prepared>
    let cancellation: Cancellation
    /// The load whose shaper and stages a batch passes (`LoadRun.staged`); only this thread
    /// uses them while it runs.
    let load: Transfer<LoadRun>
    /// The reader's schema and the target's (the shaper's output).
    let inputSchema: Schema
    let schema: Schema

    func run() {
        defer {
            input.close()
            output.close()
        }
        while let item = input.take(), !cancellation.isCancelled {
            guard case .batch = item else {
                output.put(item)
                return
            }
            do {
                guard output.put(try load.value.staged(item, input: inputSchema, schema: schema)) else { return }
            } catch {
                output.put(.failed(error))
                return
            }
        }
    }
}
