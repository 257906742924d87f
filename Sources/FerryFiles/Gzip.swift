package import FerryCore

/// gzip compression of whole byte arrays (request bodies, small files).
package enum Gzip {
    /// `bytes` as one gzip member (zlib `deflate`, default level), which `gzip -d` and every
    /// HTTP server that accepts `Content-Encoding: gzip` can read. Failures (out of memory) are
    /// `internal` errors reported at `stage`.
    package static func compress(_ bytes: [UInt8], stage: FerryError.Stage = .load) throws(FerryError) -> [UInt8] {
        try GzipDeflate(stage: stage).compress(bytes)
    }
}
