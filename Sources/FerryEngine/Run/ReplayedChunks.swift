import FerryCore

/// The chunks read while the schema was resolved, loaded first by the reader thread, which lets
/// each go as it queues it: they may be the input's first 16 MiB (`SchemaPass.firstBytes`).
final class ReplayedChunks: @unchecked Sendable {
    /// In reverse order, so that taking one frees it.
    private var reversed: [SourceChunk]

    init(_ chunks: consuming [SourceChunk]) {
        reversed = chunks
        reversed.reverse()
    }

    /// The next chunk, no longer held here; nil once all were taken.
    func take() -> SourceChunk? { reversed.popLast() }
}
