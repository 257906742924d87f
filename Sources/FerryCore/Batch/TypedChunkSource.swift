/// A source that can hand its rows already typed (`SourceChunk.typed`) against the types of its
/// declared `columns`, so the engine need not parse text the source made from typed values
/// (Docs/decisions/0008-typed-source-chunks.md).
///
/// The engine asks for typed chunks only when the load's resolved schema takes the source's
/// types unchanged; otherwise it calls `next()` and types text as for any source. A source
/// answers typed calls after text calls (or the reverse) with whichever kind it has started;
/// the engine handles both. `restart()` starts over in either kind.
package protocol TypedChunkSource: RecordSource {
    /// The next chunk, typed when the source can (`SourceChunk.typed`), or nil at the end.
    func nextTyped() throws(FerryError) -> SourceChunk?
}
