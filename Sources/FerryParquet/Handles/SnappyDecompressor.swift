import CSnappy
import FerryCore

/// Snappy decompression (`snappy_uncompress`): a stateless call, so there is no handle to own.
enum SnappyDecompressor {
    /// The reason when `input` is not a Snappy block of `size` bytes (`snappy_uncompressed_length`).
    static func check(_ input: UnsafeRawBufferPointer, size: Int) -> String? {
        var length = 0
        guard snappy_uncompressed_length(input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count, &length) == SNAPPY_OK else {
            return "snappy: not a Snappy block"
        }
        return length == size ? nil : "snappy data holds \(length) bytes, not the \(size) the page header gives"
    }

    /// Decompresses the raw Snappy block `input` into `output`, which has the page's
    /// uncompressed size; the reason when it is not Snappy data of that size.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> String? {
        let source = input.baseAddress?.assumingMemoryBound(to: CChar.self)
        var length = 0
        guard snappy_uncompressed_length(source, input.count, &length) == SNAPPY_OK else {
            return "snappy: not a Snappy block"
        }
        guard length == output.count else {
            return "snappy data holds \(length) bytes, not the \(output.count) the page header gives"
        }
        guard length > 0 else { return nil }
        var produced = output.count
        let status = snappy_uncompress(source, input.count, output.baseAddress?.assumingMemoryBound(to: CChar.self), &produced)
        guard status == SNAPPY_OK, produced == output.count else { return "snappy: corrupt data (status \(status.rawValue))" }
        return nil
    }
}
