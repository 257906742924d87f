#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryCore
import FerryPOSIX
import Synchronization
import Testing

/// Serialized: the signal tests share one process-wide SIGUSR1 handler and its counter.
@Suite("File descriptors", .serialized)
struct FileDescriptorTests {
    /// 1 MiB of a pattern that shows lost, repeated or reordered bytes (251 is prime, so no
    /// 4 KiB or 64 KiB block repeats the one before it).
    private static let payload: [UInt8] = (0..<(1 << 20)).map { UInt8($0 % 251) }

    @Test("writeAll pushes 1 MiB through a 64 KiB pipe to a reader on another thread, signalled all along")
    func pipeAcrossPartialWrites() throws {
        InterruptSignal.install()
        var pipe = try Pipe()
        let (readEnd, writeEnd) = (pipe.readEnd.rawValue, pipe.writeEnd.rawValue)
        let received = Mutex<Result<[UInt8], Errno>?>(nil)
        let reader = TestThread {
            let outcome = Result { () throws(Errno) in try FileDescriptor(borrowing: readEnd).readAll() }
            received.withLock { $0 = outcome }
        }
        let written = Mutex<Result<Void, Errno>?>(nil)
        let writer = TestThread {
            let outcome = Result { () throws(Errno) in try FileDescriptor(borrowing: writeEnd).writeAll(Self.payload) }
            written.withLock { $0 = outcome }
        }
        guard reader.started && writer.started else { Issue.record("pthread_create failed"); return }
        // Interrupt the writer while it waits for the reader to drain the pipe: each signal
        // ends its write(2) early, with a short count or EINTR, and writeAll must go on.
        let before = InterruptSignal.delivered
        while written.withLock({ $0 == nil }) {
            writer.send(InterruptSignal.number)
            usleep(200)
        }
        writer.join()
        // The reader reaches end of input once the only write end is closed.
        try pipe.writeEnd.close()
        reader.join()
        #expect(throws: Never.self) { try #require(written.withLock { $0 }).get() }
        let bytes = try #require(received.withLock { $0 }).get()
        #expect(bytes.count == Self.payload.count)
        // Compared outside #expect: a failing expectation would diff two 1 MiB arrays.
        let intact = bytes == Self.payload
        #expect(intact, "bytes lost, repeated or reordered")
        #expect(InterruptSignal.delivered > before, "the writer was never interrupted")
    }

    @Test("the test signal interrupts a plain read(2) with EINTR, so the retry test below means something")
    func signalInterruptsPlainRead() throws {
        InterruptSignal.install()
        let pipe = try Pipe()
        let readEnd = pipe.readEnd.rawValue
        let result = Mutex<(count: Int, errno: Int32)?>(nil)
        let reader = TestThread {
            var byte: UInt8 = 0
            let n = read(readEnd, &byte, 1)
            let code = errno
            result.withLock { $0 = (n, code) }
        }
        guard reader.started else { Issue.record("pthread_create failed"); return }
        if !interrupt(reader, until: { result.withLock { $0 != nil } }) {
            try pipe.writeEnd.writeAll([1])  // ends the read, so that join returns
        }
        reader.join()
        let outcome = try #require(result.withLock { $0 })
        #expect(outcome.count == -1)
        #expect(outcome.errno == EINTR)
    }

    @Test("read(into:) blocked on an empty pipe goes on reading after a signal and returns the data")
    func readRetriesAfterSignal() throws {
        InterruptSignal.install()
        let pipe = try Pipe()
        let readEnd = pipe.readEnd.rawValue
        let result = Mutex<Result<[UInt8], Errno>?>(nil)
        let reader = TestThread {
            var buffer = [UInt8](repeating: 0, count: 16)
            let outcome = Result { () throws(Errno) -> [UInt8] in
                let n = try buffer.withUnsafeMutableBufferPointer { (raw) throws(Errno) in
                    try FileDescriptor(borrowing: readEnd).read(into: UnsafeMutableRawBufferPointer(raw))
                }
                return Array(buffer[0..<n])
            }
            result.withLock { $0 = outcome }
        }
        guard reader.started else { Issue.record("pthread_create failed"); return }
        // Five signals handled, 2 ms apart, while the read waits: it must not return.
        let before = InterruptSignal.delivered
        _ = interrupt(reader, until: { InterruptSignal.delivered >= before + 5 })
        usleep(20_000)
        #expect(result.withLock { $0 == nil }, "read(into:) returned after a signal, before any data")
        try pipe.writeEnd.writeAll(Array("hello".utf8))
        reader.join()
        let outcome = try #require(result.withLock { $0 })
        #expect(try outcome.get() == Array("hello".utf8))
    }

    @Test("an error carries the errno name and the C library's text")
    func errorsNameTheErrno() throws {
        let missing = "/nonexistent-ferry-posix-test/file"
        let thrown = #expect(throws: Errno.self) { _ = try FileDescriptor.open(missing, O_RDONLY) }
        let error = try #require(thrown)
        #expect(error.code == ENOENT)
        #expect(error.name == "ENOENT")
        #expect(error.description == "ENOENT: No such file or directory")
        let ferry = error.error(.sourceNotFound, stage: .extract, "cannot open \(missing)")
        #expect(ferry.message == "cannot open \(missing): No such file or directory")
        #expect(ferry.driver == DriverError(system: "posix", code: "ENOENT", message: "No such file or directory"))
        #expect(!ferry.retryable)
        #expect(Errno(code: EMFILE).error(.targetWrite, stage: .load, "x").retryable)
        for code in [ECONNREFUSED, ECONNRESET, ETIMEDOUT] {
            #expect(Errno(code: code).error(.sourceUnreadable, stage: .extract, "x").retryable)
        }
        #expect(!Errno(code: EACCES).error(.sourceUnreadable, stage: .extract, "x").retryable)
        #expect(Errno(code: 9999).name == "errno 9999")
    }

    @Test("readAll returns everything up to its limit and EFBIG beyond it")
    func readAllLimit() throws {
        var pipe = try Pipe()
        try pipe.writeEnd.writeAll(Array(repeating: 7, count: 100))
        try pipe.writeEnd.close()
        #expect(try pipe.readEnd.readAll(limit: 100) == Array(repeating: 7, count: 100))

        var small = try Pipe()
        try small.writeEnd.writeAll(Array(repeating: 7, count: 101))
        try small.writeEnd.close()
        #expect(throws: Errno(code: EFBIG)) { try small.readEnd.readAll(limit: 100) }
    }

    @Test("close is idempotent, and a borrowed descriptor is never closed")
    func closeIsIdempotent() throws {
        var pipe = try Pipe()
        let raw = pipe.writeEnd.rawValue
        try pipe.writeEnd.close()
        try pipe.writeEnd.close()
        #expect(pipe.writeEnd.rawValue == -1)
        #expect(fcntl(raw, F_GETFD) == -1 && errno == EBADF)

        var borrowed = FileDescriptor(borrowing: pipe.readEnd.rawValue)
        try borrowed.close()
        #expect(fcntl(pipe.readEnd.rawValue, F_GETFD) != -1)
    }

    @Test("a child's exit code and a terminating signal read the way a shell reports them",
          arguments: [("exit 3", Int32(3)), ("kill -KILL $$", 128 + SIGKILL)])
    func childExit(script: String, status: Int32) throws {
        let words: [String] = ["/bin/sh", "-c", script]
        let argv = words.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
        guard spawned == 0 else { Issue.record("posix_spawn: \(Errno(code: spawned))"); return }
        #expect(try ChildExit.wait(for: pid).status == status)
    }

    /// Signals `thread` every 2 ms until `done()` holds; false (and a failure) after 5 s.
    private func interrupt(_ thread: TestThread, until done: () -> Bool) -> Bool {
        usleep(20_000)
        for _ in 0..<2_500 {
            thread.send(InterruptSignal.number)
            usleep(2_000)
            if done() { return true }
        }
        Issue.record("the signal was not handled within 5 s")
        return false
    }
}
