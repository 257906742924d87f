extension Array where Element: FixedWidthInteger {
    /// Appends at most `count` elements that `write` stores through a pointer to the first of
    /// them, returning how many it stored (every one from the first to that count): room the
    /// column writers fill themselves, so it is not zero-filled first as
    /// `append(contentsOf: repeatElement(0, …))` would (`OutputSpan`, Swift 6.2; on macOS from 26,
    /// before which the room is zero-filled).
    @inline(__always)
    package mutating func append(writingAtMost count: Int, _ write: (UnsafeMutablePointer<Element>) -> Int) {
        guard count > 0 else { return }
        if #available(macOS 26, *) {
            append(addingCapacity: count) { span in
                span.withUnsafeMutableBufferPointer { room, initialized in
                    // The room is uninitialized; integers are stored into it, never read or released.
                    initialized = Swift.min(Swift.max(write(room.baseAddress!), 0), count)
                }
            }
        } else {
            let start = self.count
            append(contentsOf: repeatElement(0, count: count))
            let written = withUnsafeMutableBufferPointer { write($0.baseAddress! + start) }
            removeLast(count &- Swift.min(Swift.max(written, 0), count))
        }
    }
}
