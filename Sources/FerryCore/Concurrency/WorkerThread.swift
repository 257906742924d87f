#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A dedicated OS thread for blocking work (file reads, parsing), joined explicitly.
///
/// Blocking I/O and CPU-bound parsing do not belong on Swift's cooperative pool, so each stage of
/// a load runs on its own thread, as STYLE.md asks for blocking C calls.
package final class WorkerThread {
    private var thread: pthread_t?

    /// Starts `body` on a new thread with an 8 MiB stack; an `internal` error (retryable) at
    /// `stage` when the system has no thread to spare (`pthread_create` failed, EAGAIN). The work
    /// is never run on the calling thread instead: a producer would block once its queue fills,
    /// and a consumer at its first wait, with nothing on this thread to serve them.
    package init(name: String, stage: FerryError.Stage, _ body: @escaping @Sendable () -> Void) throws(FerryError) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        pthread_attr_setstacksize(&attr, 8 << 20)
        var t = pthread_t()
        let rc = pthread_create(&t, &attr, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.body()
            return nil
        }, box)
        pthread_attr_destroy(&attr)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw FerryError(.internalError, stage: stage,
                             "cannot start the \(name) thread (\(String(cString: strerror(rc)))): the process or the system has no thread to spare",
                             retryable: true)
        }
        thread = t
    }

    /// Lets the thread finish on its own (a reader blocked in `read(2)` on a pipe after
    /// cancellation); the process ends without waiting for it. Idempotent.
    package func detach() {
        guard let t = thread else { return }
        thread = nil
        pthread_detach(t)
    }

    /// Waits for the thread to finish; idempotent.
    package func join() {
        guard let t = thread else { return }
        thread = nil
        pthread_join(t, nil)
    }

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}

/// Moves a non-Sendable value to another thread.
///
/// `@unchecked Sendable`: used only to hand a source to the reader thread; the sending side stops
/// using it until the thread is joined, so the value is never touched by two threads at once.
package struct Transfer<Value>: @unchecked Sendable {
    package let value: Value

    package init(value: Value) { self.value = value }
}
