#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking FIFO of fixed capacity between threads (the engine's reader and writer stages, a
/// sink's parallel COPY streams). Back-pressure keeps memory constant.
///
/// `@unchecked Sendable`: every access to `slots`, `head`, `count` and `closed` happens while holding `mutex`, and
/// the pthread mutex and condition variables live in heap storage that this class owns and frees.
package final class BoundedQueue<Element: Sendable>: Interrupter, @unchecked Sendable {
    /// A ring of `capacity` slots; a taken slot is cleared at once so its batch is freed.
    private var slots: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false
    private let capacity: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let notEmpty = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let notFull = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    package init(capacity: Int) {
        self.capacity = max(1, capacity)
        slots = Array(repeating: nil, count: self.capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(notEmpty, nil)
        pthread_cond_init(notFull, nil)
    }

    deinit {
        pthread_cond_destroy(notFull)
        pthread_cond_destroy(notEmpty)
        pthread_mutex_destroy(mutex)
        notFull.deallocate()
        notEmpty.deallocate()
        mutex.deallocate()
    }

    /// Appends `element`, waiting while the queue is full. Returns false when the queue was closed.
    @discardableResult
    package func put(_ element: Element) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count >= capacity && !closed { pthread_cond_wait(notFull, mutex) }
        if closed { return false }
        slots[(head + count) % capacity] = element
        count += 1
        pthread_cond_signal(notEmpty)
        return true
    }

    /// The oldest element, waiting while the queue is empty; nil once closed and drained.
    package func take() -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == 0 && !closed { pthread_cond_wait(notEmpty, mutex) }
        guard count > 0, let element = slots[head] else { return nil }
        slots[head] = nil
        head = (head + 1) % capacity
        count -= 1
        pthread_cond_signal(notFull)
        return element
    }

    /// Wakes both sides; `put` refuses from now on, `take` drains what is left.
    package func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(notEmpty)
        pthread_cond_broadcast(notFull)
        pthread_mutex_unlock(mutex)
    }

    /// Cancellation closes the queue, so a writer waiting for a reader stuck in a blocking read
    /// (a pipe, stdin) wakes up at once.
    package func interrupt() { close() }
}
