import FerryCore
@testable import FerryHTTP
import FerryTestSupport
import Testing

@Suite("HTTP errors and secrets")
struct HTTPErrorTests {
    @Test("the error names the URL without userinfo, query or fragment and never a header value or body")
    func errorHidesSecrets() throws {
        let port = try LoopbackHTTPServer.unusedPortURL().split(separator: ":").last.map(String.init) ?? ""
        let url = "http://lineage-user:pa55w0rd-xyz@127.0.0.1:\(port)/api/v1/lineage?api_key=query-secret-42#frag-secret"
        let request = HTTPRequest(
            url: url,
            headers: [HTTPHeader("Authorization", "Bearer sk-live-abcdef123456")],
            body: Array("body-secret-value".utf8),
            timeout: .seconds(3))
        let error = #expect(throws: HTTPError.self) {
            try HTTPClient().send(request, retry: HTTPRetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(5)))
        }
        let description = try #require(error).description
        #expect(description.contains("POST http://127.0.0.1:\(port)/api/v1/lineage failed after 2 attempts"))
        #expect(error?.url == "http://127.0.0.1:\(port)/api/v1/lineage")
        for secret in ["lineage-user", "pa55w0rd", "api_key", "query-secret", "frag-secret", "sk-live", "Bearer", "body-secret"] {
            #expect(!description.contains(secret), "description leaks \(secret): \(description)")
            #expect(!(error?.message.contains(secret) ?? true))
            #expect(!(error?.driver.message.contains(secret) ?? true))
        }
        #expect(error?.driver.system == "curl")
        #expect(error?.driver.code == "CURLE_COULDNT_CONNECT")
    }

    @Test("a request prints without header values, body, userinfo or query")
    func requestDescription() {
        let request = HTTPRequest(
            url: "https://u:secret-pw@example.com/p?token=t0k3n",
            headers: [HTTPHeader("Authorization", "Bearer key-123456")], body: Array("payload".utf8))
        let texts = [request.description, String(reflecting: request), "\(request.headers)"]
        for text in texts {
            #expect(!text.contains("secret-pw"))
            #expect(!text.contains("t0k3n"))
            #expect(!text.contains("key-123456"))
            #expect(!text.contains("payload"))
        }
        #expect(request.description == "POST https://example.com/p (1 header, 7 bytes)")
    }

    @Test("a header value with CR or LF is refused before anything is sent")
    func headerInjection() throws {
        let server = try LoopbackHTTPServer()
        let request = HTTPRequest(url: server.url, headers: [HTTPHeader("X-Note", "a\r\nX-Evil: injected-value")])
        let error = #expect(throws: HTTPError.self) { try HTTPClient().send(request) }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.attempts == 1)
        #expect(error.map { !$0.description.contains("injected-value") } == true)
        #expect(server.requests.isEmpty)
    }

    @Test("schemes other than http and https are refused", arguments: ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"])
    func otherSchemes(url: String) {
        let error = #expect(throws: HTTPError.self) { try HTTPClient().send(HTTPRequest(url: url, method: .get)) }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.curlCodeName == "CURLE_UNSUPPORTED_PROTOCOL")
    }

    @Test("a host that does not resolve is a dns error")
    func dnsFailure() {
        let error = #expect(throws: HTTPError.self) {
            try HTTPClient().send(HTTPRequest(url: "http://no-such-host.invalid/x", timeout: .seconds(5)), retry: .once)
        }
        #expect(error?.kind == .dns)
        #expect(error?.attempts == 1)
    }

    @Test("a zero budget throws timeout without trying")
    func zeroBudget() throws {
        let server = try LoopbackHTTPServer()
        let error = #expect(throws: HTTPError.self) {
            try HTTPClient().send(HTTPRequest(url: server.url, timeout: .zero))
        }
        #expect(error?.kind == .timeout)
        #expect(error?.attempts == 0)
        #expect(server.requests.isEmpty)
    }

    @Test(
        "URLs lose userinfo, query and fragment and keep scheme, host, port and path",
        arguments: [
            ("https://u:p@host:8080/a/b?q=1#f", "https://host:8080/a/b"),
            ("http://host", "http://host"),
            ("http://host?x=1", "http://host"),
            ("http://host#only", "http://host"),
            ("http://a@b@host/p", "http://host/p"),
            ("http://host/p@q?x", "http://host/p@q"),
        ])
    func redaction(url: String, expected: String) {
        #expect(RedactedURL(url).text == expected)
    }

    @Test("library messages are scrubbed of URL parts and header values")
    func scrubbing() {
        let redacted = RedactedURL("http://user:pw-12345@host/p?key=abcdef")
        let message = redacted.scrub("could not use user:pw-12345 with key=abcdef and Bearer tok-999",
                                     headers: [HTTPHeader("Authorization", "Bearer tok-999")])
        #expect(message == "could not use *** with *** and ***")
    }
}
