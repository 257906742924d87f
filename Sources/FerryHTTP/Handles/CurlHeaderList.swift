import CCurl

/// A libcurl header list (`struct curl_slist`), built with `curl_slist_append` and freed with
/// `curl_slist_free_all` in `deinit`.
final class CurlHeaderList {
    /// The list's head; nil while empty. Valid until this object is released.
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init() {}

    deinit {
        curl_slist_free_all(head)
    }

    /// Appends the header `name: value`. An empty value is sent as an empty header (`Name;` in
    /// libcurl's syntax). A name that is not an HTTP token, or a value with CR, LF or NUL, is
    /// refused: it would smuggle another header or a second request.
    func append(name: String, value: String) throws(CurlFailure) {
        guard !name.isEmpty, name.utf8.allSatisfy(CurlHeaderList.isTokenByte) else {
            throw CurlFailure(code: CURLE_BAD_FUNCTION_ARGUMENT, message: "a header name is not an HTTP token")
        }
        guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
            throw CurlFailure(code: CURLE_BAD_FUNCTION_ARGUMENT, message: "the value of header \(name) contains CR, LF or NUL")
        }
        try appendLine(value.isEmpty ? name + ";" : name + ": " + value)
    }

    /// Stops libcurl from sending a header it adds by itself (`Name:` with nothing after the colon).
    func appendRemoval(of name: String) throws(CurlFailure) {
        try appendLine(name + ":")
    }

    private func appendLine(_ line: String) throws(CurlFailure) {
        // curl_slist_append copies the line. "A null pointer is returned if anything went wrong";
        // the old list is left as it was, so `head` stays valid.
        guard let appended = curl_slist_append(head, line) else {
            throw CurlFailure(code: CURLE_OUT_OF_MEMORY, message: "")
        }
        head = appended
    }

    /// RFC 9110 `tchar`: letters, digits and ``!#$%&'*+-.^_`|~``.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
