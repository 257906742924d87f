package import FerryCore

/// A reader of a decoded file (`DecodedInput`): what it has read, the file's fingerprint and size
/// come from the input, the same for every format.
protocol DecodedInputSource: RecordSource {
    var input: DecodedInput { get }
}

extension DecodedInputSource {
    package var bytesRead: Int { input.bytesRead }
    package var fingerprint: SourceFingerprint? { input.fingerprint }
    package var totalBytes: Int? { input.totalBytes }
}
