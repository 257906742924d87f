package import FerryCore

extension Gzip {
    /// Inflates the gzip (or zlib) data `input` into `output`, which must be filled exactly (a
    /// Parquet page of known uncompressed size). Returns the reason when the data is not gzip,
    /// is corrupt, or inflates to another size; `name` names the input in zlib errors.
    package static func decompress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, name: String
    ) throws(FerryError) -> String? {
        let stream = try GzipStream(name: name)
        var consumed = 0
        var produced = 0
        while true {
            let step = try stream.inflate(
                input: UnsafeRawBufferPointer(rebasing: input[consumed...]),
                output: UnsafeMutableRawBufferPointer(rebasing: output[produced...]))
            consumed += step.consumed
            produced += step.produced
            if stream.atMemberEnd || (step.consumed == 0 && step.produced == 0) { break }
        }
        guard stream.atMemberEnd else {
            return produced == output.count ? "gzip data continues past the page's uncompressed size" : "gzip data ends early"
        }
        return produced == output.count ? nil : "gzip data inflated to \(produced) bytes, not the \(output.count) the page header gives"
    }
}
