/// Memory bound to a statement (parameter values, length indicators, fetched cells): one owner
/// allocates it, keeps it at a fixed address while the driver may read or write it, and frees
/// it in `deinit`. Growing it moves it, after which it must be bound again.
final class ODBCBuffer {
    private(set) var pointer: UnsafeMutableRawPointer
    private(set) var byteCount: Int

    /// 16-byte alignment suits every bound C type (integers, doubles, date and time structs).
    private static let alignment = 16

    init(bytes: Int) {
        byteCount = max(bytes, Self.alignment)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: Self.alignment)
    }

    deinit { pointer.deallocate() }

    /// Makes room for at least `bytes` bytes; returns true when the memory moved (the contents
    /// are not kept: callers refill before binding).
    @discardableResult
    func reserve(_ bytes: Int) -> Bool {
        guard bytes > byteCount else { return false }
        pointer.deallocate()
        byteCount = max(bytes, byteCount * 2)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: Self.alignment)
        return true
    }

    /// The memory as `count` values of `T` (integers, indicators, statuses).
    @inline(__always)
    func typed<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        pointer.assumingMemoryBound(to: T.self)
    }
}
