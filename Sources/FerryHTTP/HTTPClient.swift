package import FerryCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends HTTP requests with libcurl, retrying within each request's time budget.
///
/// One client keeps one libcurl handle and its open connections across requests (keep-alive).
/// `send` blocks the calling thread; concurrent sends on one client run one after the other, and
/// time spent waiting for another send counts against a request's budget.
package final class HTTPClient: Sendable {
    /// The handle, created on the first `send`, used under the lock.
    private let easy = Mutex<CurlEasy?>(nil)
    /// Set by `interrupter`: libcurl's transfer-progress callback (`CURLOPT_XFERINFOFUNCTION`)
    /// checks it and aborts the transfer (libcurl calls it at least about once a second even
    /// while nothing moves); a backoff pause checks it every few milliseconds. Each `send`
    /// clears it when it starts.
    private let interruptFlag = FlagInterrupter()

    /// A client; the libcurl handle is created by the first `send`.
    package init() {}

    /// Stops the `send` in progress from another thread: it throws `HTTPError.Kind.cancelled`.
    /// Later sends are not affected.
    package var interrupter: any Interrupter { interruptFlag }

    /// Sends `request`, retrying as `retry` allows, all within `request.timeout`.
    ///
    /// Returns the final response, whatever its status: a 2xx, a 4xx (not retried except 429),
    /// or, when attempts or time ran out, the latest 429/5xx any attempt got (even if a later
    /// attempt failed to connect). Throws only when no attempt got a response, with the failure
    /// of the last attempt, or when `interrupter` stopped the send.
    package func send(_ request: HTTPRequest, retry: HTTPRetryPolicy = HTTPRetryPolicy()) throws(HTTPError) -> HTTPResponse {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: request.timeout)
        return try easy.withLock { (handle: inout CurlEasy?) throws(HTTPError) -> HTTPResponse in
            interruptFlag.reset()
            let url = RedactedURL(request.url)
            var failure: CurlFailure?
            var last: HTTPResponse?
            var attempts = 0
            var backoff = retry.initialBackoff
            while true {
                let budget = clock.now.duration(to: deadline)
                guard budget > .zero else {
                    failure = failure ?? .budgetExhausted("the time budget of \(request.timeout) ran out")
                    break
                }
                attempts += 1
                do throws(CurlFailure) {
                    let curl: CurlEasy
                    if let existing = handle {
                        curl = existing
                    } else {
                        curl = try CurlEasy()
                        handle = curl
                    }
                    let (status, body) = try curl.perform(request, budget: budget, interrupter: interruptFlag)
                    let response = HTTPResponse(status: status, body: body, attempts: attempts)
                    guard response.isRetryable else { return response }
                    last = response
                    failure = nil
                } catch {
                    failure = error
                    guard error.retryable else { break }
                }
                guard attempts < retry.maxAttempts,
                      HTTPClient.pause(backoff, until: deadline, clock: clock, interrupter: interruptFlag) else { break }
                backoff = backoff * 2
            }
            if interruptFlag.isInterrupted {
                failure = .interrupted()
            } else if let last {
                return last
            }
            let final = failure ?? .budgetExhausted("the time budget of \(request.timeout) ran out")
            throw HTTPError(
                kind: final.kind, curlCode: final.code, curlCodeName: final.name,
                message: url.scrub(final.message, headers: request.headers), attempts: attempts,
                method: request.method, url: url.text)
        }
    }

    /// Sleeps for `backoff` unless that would end at or after `deadline`, in slices of at most
    /// 20 ms so an interrupt ends it early. Returns whether the next attempt should go ahead.
    private static func pause(_ backoff: Duration, until deadline: ContinuousClock.Instant, clock: ContinuousClock, interrupter: FlagInterrupter) -> Bool {
        let wakeUp = clock.now.advanced(by: backoff)
        guard wakeUp < deadline, !interrupter.isInterrupted else { return false }
        while true {
            let left = clock.now.duration(to: wakeUp)
            guard left > .zero else { return !interrupter.isInterrupted }
            let slice = min(left, .milliseconds(20))
            let (seconds, attoseconds) = slice.components
            var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
            // nanosleep: EINTR only shortens the pause; the loop measures what is left.
            _ = nanosleep(&request, nil)
            if interrupter.isInterrupted { return false }
        }
    }
}
