/// How many COPY streams a `create` or `replace` uses when the request does not say.
package enum CopyStreamsPolicy {
    /// Inputs smaller than this load through one stream: a second connection and the staging
    /// table's rename cost more than they save.
    package static let minimumBytes = 256 << 20

    /// Two streams for a file of at least `minimumBytes` on a machine with at least four cores,
    /// else one. Each stream needs a server backend and a client thread; the engine's own reader
    /// and typing threads already keep two cores busy (Docs/benchmarks.md, "Parallel COPY").
    package static func automatic(inputBytes: Int?, cores: Int) -> Int {
        guard let inputBytes, inputBytes >= minimumBytes, cores >= 4 else { return 1 }
        return 2
    }
}
