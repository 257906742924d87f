import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the loopback HTTP server's threads share: the script, the recorded requests and the
/// open sockets, all under one lock.
///
/// The server's threads hold this object, not the server, so dropping the server runs its
/// `deinit`, which stops them. Sockets are shut down and closed only under the lock, so a
/// descriptor is never shut down after its number was closed and reused.
final class LoopbackHTTPState: Sendable {
    private struct Shared {
        var script: [LoopbackHTTPResponse]
        var next = 0
        var requests: [LoopbackHTTPRequest] = []
        var connections: Set<Int32> = []
        var accepted = 0
        var stopped = false
        var listenerClosed = false
    }

    let listener: Int32
    private let fallback: LoopbackHTTPResponse
    private let shared: Mutex<Shared>

    init(listener: Int32, script: [LoopbackHTTPResponse], fallback: LoopbackHTTPResponse) {
        self.listener = listener
        self.fallback = fallback
        shared = Mutex(Shared(script: script))
    }

    /// Whether `stop` was called.
    var isStopped: Bool { shared.withLock { $0.stopped } }

    /// A snapshot of the requests so far.
    var requests: [LoopbackHTTPRequest] { shared.withLock { $0.requests } }

    /// Records `request` and returns the answer for it: the next scripted one, else the default.
    func record(_ request: LoopbackHTTPRequest) -> LoopbackHTTPResponse {
        shared.withLock { state in
            state.requests.append(request)
            guard state.next < state.script.count else { return fallback }
            state.next += 1
            return state.script[state.next - 1]
        }
    }

    /// Registers an accepted connection and returns its number (0, 1, ... in accept order);
    /// nil (and closes it) when the server is stopping.
    func register(_ fd: Int32) -> Int? {
        shared.withLock { state in
            if state.stopped {
                close(fd)
                return nil
            }
            state.connections.insert(fd)
            state.accepted += 1
            return state.accepted - 1
        }
    }

    /// Forgets and closes a connection its thread is done with.
    func finish(connection fd: Int32) {
        shared.withLock { state in
            state.connections.remove(fd)
            close(fd)
        }
    }

    /// Closes the listening socket once the accept loop ended.
    func closeListener() {
        shared.withLock { state in
            guard !state.listenerClosed else { return }
            state.listenerClosed = true
            close(listener)
        }
    }

    /// Stops accepting and wakes every thread blocked on a socket (`shutdown`); each thread
    /// closes its own descriptor. Safe to call more than once.
    func stop() {
        shared.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            if !state.listenerClosed { shutdown(listener, Int32(SHUT_RDWR)) }
            for fd in state.connections { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }
}
