package import FerryCore

/// A reader of a decoded file (`DecodedInput`) through a scan buffer: what it has read, the
/// file's fingerprint and size come from the input, and where it is (`position`), how it resumes
/// at a checkpoint and how it starts over come from its scan state, the same for every format.
/// The formats' hot loops use the stored properties directly; only these per-batch and per-pass
/// steps are shared.
protocol DecodedInputSource: AnyObject, RecordSource {
    var input: DecodedInput { get }
    var buffer: ScanBuffer { get }
    var cursor: ScanCursor { get set }
    var atEOF: Bool { get set }
    var finished: Bool { get set }
    var invalid: InvalidUTF8Offsets { get set }
}

extension DecodedInputSource {
    package var bytesRead: Int { input.bytesRead }
    package var fingerprint: SourceFingerprint? { input.fingerprint }
    package func skipFingerprint() { input.skipFingerprint() }
    package var totalBytes: Int? { input.totalBytes }

    package func position() throws(FerryError) -> SourcePosition? {
        try input.position(pending: buffer.end - cursor.pos, line: cursor.line)
    }

    /// Starts over at `position`: no header, no byte order mark, no record before it is read.
    package func resume(at position: SourcePosition) throws(FerryError) {
        try input.resume(at: position, scratch: buffer)
        (cursor, atEOF, finished) = (ScanCursor(pos: 0, line: position.line), false, false)
        invalid.reset()
    }

    /// The input and the scan state back at the file's first byte, for `restart`.
    func rewind() throws(FerryError) {
        try input.restart()
        buffer.clear()
        invalid.reset()
        cursor = ScanCursor()
        atEOF = false
        finished = false
    }
}
