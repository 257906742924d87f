import Synchronization

/// A per-token limit of `limit` requests per `window` seconds (fixed windows); over it the caller
/// gets 429 with `Retry-After` until the window ends.
package final class RateLimiter: Sendable {
    private let limit: Int
    private let window: Int64
    private let windows = Mutex<[String: (start: Int64, count: Int)]>([:])

    package init(limit: Int, windowSeconds: Int64) {
        self.limit = limit
        self.window = max(1, windowSeconds)
    }

    /// nil when `key` may go on at `now` (milliseconds), else the seconds to wait.
    package func check(_ key: String, now: Int64) -> Int? {
        windows.withLock { windows in
            let nowSeconds = now / 1000
            var entry = windows[key] ?? (nowSeconds, 0)
            if nowSeconds - entry.start >= window { entry = (nowSeconds, 0) }
            entry.count += 1
            windows[key] = entry
            return entry.count > limit ? Int(entry.start + window - nowSeconds) : nil
        }
    }
}

/// Per-user daily limits: runs started and bytes uploaded per UTC day.
package struct Quota: Sendable {
    package var runsPerDay: Int = 5
    package var bytesPerDay: Int64 = 1 << 30

    package init(runsPerDay: Int = 5, bytesPerDay: Int64 = 1 << 30) {
        self.runsPerDay = runsPerDay
        self.bytesPerDay = bytesPerDay
    }

    /// Start of the UTC day holding `now` (milliseconds).
    package static func dayStart(_ now: Int64) -> Int64 { now - now % 86_400_000 }

    /// Refuses with 429 when a new run (`runs`) would exceed the day's runs of `user`, or adding
    /// `bytes` would exceed its bytes.
    package func admit(user: String, bytes: Int64, store: ServeStore, runs: Bool, now: Int64) throws(ServeError) {
        let usage: (runs: Int, bytes: Int64)
        do { usage = try store.usage(user: user, since: Self.dayStart(now)) } catch {
            throw ServeError(500, "history", "the run history could not be read")
        }
        let retry = Int((Self.dayStart(now) + 86_400_000 - now + 999) / 1000)
        if runs, usage.runs >= runsPerDay {
            throw ServeError(429, "quota", "\(user) has started \(usage.runs) runs today; the limit is \(runsPerDay) a day", retryAfter: retry)
        }
        if usage.bytes + bytes > bytesPerDay {
            throw ServeError(429, "quota", "\(user) would upload more than \(bytesPerDay) bytes today", retryAfter: retry)
        }
    }
}
