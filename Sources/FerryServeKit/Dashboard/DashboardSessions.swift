import Synchronization

/// The dashboard's sign-in sessions, in memory: a session id (the `ferry_session` cookie, random,
/// HttpOnly, SameSite=Strict) stands for the token it was opened with and carries a CSRF token
/// that every form post must echo. The server keeps no token text: a session holds the token's id,
/// and each request checks that the token is still live (`ServeStore.liveToken`), so revoking the
/// token ends its sessions. Sessions end after `lifetime` or at sign-out; a restart ends them all.
package final class DashboardSessions: Sendable {
    /// One signed-in browser.
    package struct Session: Sendable, Equatable {
        package var tokenID: String
        package var csrf: String
        /// Milliseconds since 1970 after which the session is gone.
        package var expires: Int64
    }

    private let lifetime: Int64
    private let sessions = Mutex<[String: Session]>([:])

    /// `lifetimeSeconds`: how long a session lasts after sign-in.
    package init(lifetimeSeconds: Int64 = 8 * 3600) {
        lifetime = lifetimeSeconds * 1000
    }

    /// Opens a session for `tokenID`; returns its id (the cookie's value) and the session.
    package func open(tokenID: String, now: Int64) -> (id: String, session: Session) {
        let id = TokenHasher.randomHex(32)
        let session = Session(tokenID: tokenID, csrf: TokenHasher.randomHex(16), expires: now + lifetime)
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expires > now }
            sessions[id] = session
        }
        return (id, session)
    }

    /// The live session with id `id`, if any.
    package func session(_ id: String, now: Int64) -> Session? {
        sessions.withLock { sessions in
            guard let session = sessions[id] else { return nil }
            guard session.expires > now else {
                sessions[id] = nil
                return nil
            }
            return session
        }
    }

    /// Ends the session `id`.
    package func close(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }
}
