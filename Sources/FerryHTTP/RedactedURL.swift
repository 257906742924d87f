import FerryCore

/// A URL as it may appear in messages: scheme, host, port and path, without userinfo
/// (`user:password@`), query string or fragment, which can carry credentials.
struct RedactedURL {
    /// The URL without userinfo, query and fragment.
    let text: String
    /// The removed parts, to scrub from library messages that might echo them.
    let secrets: [String]

    init(_ url: String) {
        let bytes = Array(url.utf8)
        var secrets: [String] = []
        // Scheme: up to "://"; the authority runs to the first '/', '?' or '#' after it.
        var authorityStart = 0
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), bytes.count >= colon + 3,
           bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/") {
            authorityStart = colon + 3
        }
        var authorityEnd = authorityStart
        while authorityEnd < bytes.count, !RedactedURL.endsAuthority(bytes[authorityEnd]) { authorityEnd += 1 }
        var hostStart = authorityStart
        if let at = bytes[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) {
            let userinfo = bytes[authorityStart..<at]
            secrets.append(String(decoding: userinfo, as: UTF8.self))
            if let colon = userinfo.firstIndex(of: UInt8(ascii: ":")), colon + 1 < at {
                secrets.append(String(decoding: bytes[(colon + 1)..<at], as: UTF8.self))
            }
            hostStart = at + 1
        }
        var pathEnd = authorityEnd
        while pathEnd < bytes.count, bytes[pathEnd] != UInt8(ascii: "?"), bytes[pathEnd] != UInt8(ascii: "#") { pathEnd += 1 }
        if pathEnd + 1 < bytes.count {
            // Query and fragment, each on its own so a message echoing either is caught.
            let rest = bytes[(pathEnd + 1)...]
            if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
                if hash > pathEnd + 1 { secrets.append(String(decoding: bytes[(pathEnd + 1)..<hash], as: UTF8.self)) }
                if hash + 1 < bytes.count { secrets.append(String(decoding: bytes[(hash + 1)...], as: UTF8.self)) }
            } else {
                secrets.append(String(decoding: rest, as: UTF8.self))
            }
        }
        text = String(decoding: bytes[0..<authorityStart] + bytes[hostStart..<pathEnd], as: UTF8.self)
        self.secrets = secrets.filter { !$0.isEmpty }
    }

    /// `message` with every removed part of the URL, and every given header value of four or more
    /// characters, replaced by `***`.
    func scrub(_ message: String, headers: [HTTPHeader]) -> String {
        SecretScrubber.scrub(message, secrets + headers.map(\.value).filter { $0.utf8.count >= 4 })
    }

    private static func endsAuthority(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
    }
}
