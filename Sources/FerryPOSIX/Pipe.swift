#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Both ends of a pipe (`pipe(2)`), each close-on-exec and owned: a child process gets an end
/// only through `posix_spawn_file_actions_adddup2`, which clears the flag on the copy.
package struct Pipe: ~Copyable, Sendable {
    /// The end to read from.
    package var readEnd: FileDescriptor
    /// The end to write to.
    package var writeEnd: FileDescriptor

    /// A new pipe (`pipe(2)`, then `fcntl(F_SETFD, FD_CLOEXEC)` on both ends: `pipe2` is not
    /// visible to Swift).
    package init() throws(Errno) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw Errno.current }
        let reading = FileDescriptor(adopting: ends[0])
        let writing = FileDescriptor(adopting: ends[1])
        for fd in ends where fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 {
            throw Errno.current
        }
        readEnd = reading
        writeEnd = writing
    }
}
