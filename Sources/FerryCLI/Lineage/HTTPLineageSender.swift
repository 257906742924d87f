import FerryCore
import FerryFiles
import FerryHTTP
import FerryLineage

/// The `http` transport: POSTs each event to `url` + `endpoint` through libcurl (FerryHTTP),
/// with `Authorization: Bearer <api key>`, optional gzip, bounded retries within the timeout.
struct HTTPLineageSender: LineageSender {
    let transport: HTTPLineageTransport
    let userAgent: String
    private let client = HTTPClient()

    init(transport: HTTPLineageTransport, ferryVersion: String) {
        self.transport = transport
        userAgent = "ferry/\(ferryVersion)"
    }

    var destination: String { HTTPLineageTransport.redacted(transport.postURL) }

    func send(_ json: [UInt8], timeoutSeconds: Double) throws(LineageDeliveryError) {
        var headers = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("User-Agent", userAgent)]
        if let key = transport.apiKey { headers.append(HTTPHeader("Authorization", "Bearer " + key.reveal())) }
        var body = json
        if transport.gzip {
            do throws(FerryError) {
                body = try Gzip.compress(json, stage: .lineage)
            } catch {
                throw LineageDeliveryError("the event could not be compressed: \(error.message)")
            }
            headers.append(HTTPHeader("Content-Encoding", "gzip"))
        }
        let request = HTTPRequest(
            url: transport.postURL, method: .post, headers: headers, body: body,
            timeout: .milliseconds(Int64((timeoutSeconds * 1000).rounded())))
        let response: HTTPResponse
        do throws(HTTPError) {
            response = try client.send(request, retry: HTTPRetryPolicy(maxAttempts: transport.retries + 1))
        } catch {
            throw LineageDeliveryError(error.description)
        }
        guard (200..<300).contains(response.status) else {
            let tries = response.attempts == 1 ? "" : " after \(response.attempts) attempts"
            throw LineageDeliveryError("the server answered HTTP \(response.status)\(tries)")
        }
    }
}
