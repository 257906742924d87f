@testable import FerryServeKit
import Testing

@Suite("multipart/form-data")
struct MultipartFormTests {
    @Test("fields and a file with CRLF inside are split at the boundary")
    func parses() throws {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"table\"\r\n\r\norders\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"o.csv\"\r\nContent-Type: text/csv\r\n\r\nid\r\n1\r\n\r\n--XyZ--\r\n"
        let boundary = try #require(MultipartForm.boundary(contentType: "multipart/form-data; boundary=XyZ"))
        let form = try #require(MultipartForm(body: Array(body.utf8), boundary: boundary))
        #expect(form.text("table") == "orders")
        let file = try #require(form.parts.first { $0.name == "file" })
        #expect(file.filename == "o.csv")
        #expect(file.data == Array("id\r\n1\r\n".utf8))
    }

    @Test("a body without its closing boundary is refused")
    func malformed() {
        #expect(MultipartForm(body: Array("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx".utf8), boundary: "B") == nil)
    }
}
