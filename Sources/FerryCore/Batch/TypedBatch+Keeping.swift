extension TypedBatch {
    /// The rows whose `keep` is true, in order.
    package func keeping(_ keep: [Bool]) -> TypedBatch {
        var out = self
        for c in columns.indices { out.columns[c] = columns[c].keeping(keep) }
        out.lines = lines.indices.filter { keep[$0] }.map { lines[$0] }
        return out
    }
}
