import CSnappy
import FerryCore

/// Snappy compression (`snappy_compress`): a stateless call, so there is no handle to own.
enum SnappyCompressor {
    /// Appends the Snappy block of `input` to `output` (Parquet's SNAPPY codec is the raw
    /// block format, not the framing format).
    static func compress(_ input: [UInt8], appendingTo output: inout [UInt8]) throws(FerryError) {
        let bound = snappy_max_compressed_length(input.count)
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: bound))
        var length = bound
        let status = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { out in
                snappy_compress(
                    source.baseAddress?.assumingMemoryBound(to: CChar.self), source.count,
                    (out.baseAddress! + start).assumingMemoryBound(to: CChar.self), &length)
            }
        }
        guard status == SNAPPY_OK else {
            output.removeSubrange(start...)
            throw FerryError(.targetWrite, stage: .load, "snappy compression failed (status \(status.rawValue))")
        }
        output.removeSubrange((start + length)...)
    }
}
