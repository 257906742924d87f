import FerryServeKit
import Foundation
import Hummingbird

/// The HTTP surface: `/healthz`, `/readyz`, `/metrics`, the API under `/api/v1` (described by
/// the OpenAPI document it serves at `/api/v1/openapi.yaml`) and the dashboard under `/ui`
/// (`ServeApp+Dashboard.swift`). Every API route needs a bearer token, every dashboard page a
/// session; each answer is counted in the HTTP metrics by its route pattern.
struct ServeApp: Sendable {
    /// The queue of child runs.
    let supervisor: RunSupervisor
    /// The configured targets.
    let catalog: TargetCatalog
    /// Counters for `/metrics`.
    let metrics: ServeMetrics
    /// History, tokens and the audit log (the supervisor's).
    var store: ServeStore { supervisor.store }
    /// Structured, redacted logs.
    let log: JSONLog
    /// Runs and bytes per user and day.
    let quota: Quota
    /// Requests per token and minute.
    let limiter: RateLimiter
    /// Where uploads and run directories live under `--data` (the supervisor's).
    var layout: DataLayout { supervisor.layout }
    /// The largest request body read.
    let maxBody: Int
    /// The `ferry` binary each run executes.
    let ferryPath: String
    /// The dashboard's templates.
    let pages: DashboardPages
    /// The dashboard's signed-in browsers.
    let sessions: DashboardSessions
    /// Whether dashboard cookies carry `Secure` (the server or its proxy speaks HTTPS).
    let secureCookies: Bool

    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response
    typealias AuthedHandler = @Sendable (Request, BasicRequestContext, Principal) async throws -> Response

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        route(router, .get, "/healthz") { _, _ in Self.json(.object(["status": .string("ok")])) }
        route(router, .get, "/readyz") { _, _ in self.ready() }
        route(router, .get, "/metrics") { _, _ in await self.metricsText() }
        route(router, .get, "/api/v1/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
        authed(router, .get, "/api/v1/targets") { _, _, _ in Self.json(.object(["targets": catalog.publicJSON])) }
        authed(router, .post, "/api/v1/uploads") { request, context, principal in try await self.upload(request, principal) }
        authed(router, .post, "/api/v1/runs") { request, context, principal in try await self.submit(request, principal) }
        authed(router, .get, "/api/v1/runs") { request, _, principal in try self.list(request, principal) }
        authed(router, .get, "/api/v1/runs/{id}") { _, context, principal in
            Self.json(try self.visibleRun(context, principal).json)
        }
        authed(router, .get, "/api/v1/runs/{id}/events") { _, context, principal in try await self.events(context, principal) }
        authed(router, .post, "/api/v1/runs/{id}/cancel") { _, context, principal in try await self.cancel(context, principal) }
        authed(router, .post, "/api/v1/runs/{id}/retry") { _, context, principal in try await self.retry(context, principal) }
        authed(router, .get, "/api/v1/runs/{id}/rejects") { _, context, principal in try self.rejects(context, principal) }
        authed(router, .get, "/api/v1/runs/{id}/report") { _, context, principal in try self.report(context, principal) }
        authed(router, .get, "/api/v1/audit") { request, _, principal in try self.audit(request, principal) }
        dashboard(router)
        return router
    }

    /// Registers `handler` for `method` and `path`, turning a `ServeError` into its JSON answer and
    /// counting the request.
    func route(_ router: Router<BasicRequestContext>, _ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        let metrics = metrics
        let log = log
        router.on(RouterPath(path), method: method) { request, context -> Response in
            let started = ContinuousClock.now
            let response: Response
            do {
                response = try await handler(request, context)
            } catch {
                // Handlers throw only ServeError; anything else is a server fault with no detail shown.
                response = Self.failure(error as? ServeError ?? ServeError(500, "internal", "internal error"))
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            metrics.request(method: method.rawValue, route: path, status: response.status.code, seconds: seconds)
            log.write(response.status.code >= 500 ? "error" : "info", "http", [
                "method": method.rawValue, "route": path, "status": String(response.status.code),
            ])
            return response
        }
    }

    /// As `route`, after authenticating the bearer token and applying the token's rate limit.
    private func authed(_ router: Router<BasicRequestContext>, _ method: HTTPRequest.Method, _ path: String, _ handler: @escaping AuthedHandler) {
        route(router, method, path) { request, context in
            let principal = try self.authenticate(request)
            if let wait = limiter.check(principal.tokenID, now: nowMilliseconds()) {
                throw ServeError(429, "rate_limited", "too many requests for this token", retryAfter: max(1, wait))
            }
            return try await handler(request, context, principal)
        }
    }

    private func authenticate(_ request: Request) throws(ServeError) -> Principal {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw ServeError(401, "unauthenticated", "send Authorization: Bearer <token>")
        }
        let principal: Principal?
        do { principal = try store.authenticate(String(header.dropFirst(7))) } catch {
            throw ServeError(500, "history", "the token store could not be read")
        }
        guard let principal else { throw ServeError(401, "unauthenticated", "unknown or revoked token") }
        return principal
    }

    private func ready() -> Response {
        let database = (try? store.database.query("SELECT 1")) != nil
        let runnable = FileManager.default.isExecutableFile(atPath: ferryPath)
        let status: HTTPResponse.Status = database && runnable ? .ok : .serviceUnavailable
        return Self.json(.object(["status": .string(status == .ok ? "ready" : "not_ready"),
                                  "database": .bool(database), "ferry": .bool(runnable)]), status: status)
    }

    private func metricsText() async -> Response {
        let gauges = await supervisor.gauges
        let text = metrics.render(inProgress: gauges.inProgress, queueDepth: gauges.queueDepth)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: Answers

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.text)))
    }

    static func failure(_ error: ServeError) -> Response {
        var response = json(error.json, status: HTTPResponse.Status(code: error.status))
        if let retry = error.retryAfter { response.headers[.retryAfter] = String(retry) }
        if error.status == 401 { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}
