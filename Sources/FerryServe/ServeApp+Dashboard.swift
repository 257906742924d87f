import FerryServeKit
import Foundation
import Hummingbird

/// The web dashboard under `/ui`: server-rendered Mustache pages over the same handlers as the
/// API, so roles, confinement and quotas apply exactly as there. Signing in with a token opens a
/// session (cookie `ferry_session`: HttpOnly, SameSite=Strict, Secure behind `--secure-cookies`);
/// every form post carries the session's CSRF token, and a post whose `Origin` is another site is
/// refused.
extension ServeApp {
    /// Handlers throw only `ServeError` (anything else renders as an internal error).
    typealias PageHandler = @Sendable (Request, BasicRequestContext, Principal, DashboardSessions.Session) async throws -> Response

    static let sessionCookie = "ferry_session"
    // Both names are valid header tokens.
    static let contentTypeOptions = HTTPFields.Element.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!
    static let signinCookie = "ferry_signin"

    func dashboard(_ router: Router<BasicRequestContext>) {
        route(router, .get, "/") { _, _ in Response.redirect(to: "/ui/runs") }
        route(router, .get, "/ui") { _, _ in Response.redirect(to: "/ui/runs") }
        route(router, .get, "/ui/static/dashboard.css") { _, _ in Self.asset(DashboardPages.stylesheet, "text/css; charset=utf-8") }
        route(router, .get, "/ui/static/dashboard.js") { _, _ in Self.asset(DashboardPages.script, "text/javascript; charset=utf-8") }
        route(router, .get, "/ui/signin") { _, _ in self.signinPage(error: nil) }
        route(router, .post, "/ui/signin") { request, _ in await self.signin(request) }
        page(router, .post, "/ui/signout") { request, _, _, _ in
            var response = Response.redirect(to: "/ui/signin")
            if let id = request.cookies[Self.sessionCookie]?.value { sessions.close(id) }
            response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
            return response
        }
        page(router, .get, "/ui/runs") { request, _, principal, session in try self.runsPage(request, principal, session) }
        page(router, .get, "/ui/runs/{id}") { _, context, principal, session in try await self.runPage(context, principal, session) }
        page(router, .get, "/ui/runs/{id}/events") { _, context, principal, _ in try await self.events(context, principal) }
        page(router, .get, "/ui/runs/{id}/rejects") { _, context, principal, _ in
            var response = try self.rejects(context, principal)
            response.headers[.contentDisposition] = "attachment; filename=\"rejects.jsonl\""
            return response
        }
        page(router, .get, "/ui/runs/{id}/report") { _, context, principal, _ in try self.report(context, principal) }
        page(router, .post, "/ui/runs/{id}/cancel") { _, context, principal, _ in
            _ = try await self.cancel(context, principal)
            return Response.redirect(to: "/ui/runs/" + (context.parameters.get("id") ?? ""))
        }
        page(router, .post, "/ui/runs/{id}/retry") { _, context, principal, _ in
            Response.redirect(to: "/ui/runs/" + (try await self.retried(context, principal)).id)
        }
        page(router, .get, "/ui/new") { _, _, principal, session in
            guard principal.role.canLoad else { throw ServeError(403, "forbidden", "a viewer cannot start runs") }
            return self.html(pages.render("new", self.base("New load", principal, session)))
        }
        page(router, .post, "/ui/new") { request, _, principal, session in try await self.uploadAndInspect(request, principal, session) }
        page(router, .post, "/ui/new/run") { request, _, principal, session in try await self.startLoad(request, principal, session) }
    }

    /// Registers a page that needs a session: without one a GET goes to the sign-in page; a POST
    /// must carry the session's CSRF token. Refusals render as a page with their status.
    private func page(_ router: Router<BasicRequestContext>, _ method: HTTPRequest.Method, _ path: String, _ handler: @escaping PageHandler) {
        route(router, method, path) { request, context in
            guard let signedIn = self.session(request) else {
                if method == .get { return Response.redirect(to: "/ui/signin") }
                return self.message(ServeError(401, "unauthenticated", "sign in first"), nil, nil, back: "/ui/signin")
            }
            let (principal, session) = signedIn
            if let wait = limiter.check(principal.tokenID, now: nowMilliseconds()) {
                var response = self.message(ServeError(429, "rate_limited", "too many requests; wait \(wait) s"), principal, session, back: "/ui/runs")
                response.headers[.retryAfter] = String(max(1, wait))
                return response
            }
            do {
                if method == .post {
                    guard Self.sameOrigin(request) else { throw ServeError(403, "csrf", "the form came from another site") }
                    // Multipart posts carry the token in a field too; the handler reads the body once.
                    if !(request.headers[.contentType] ?? "").hasPrefix("multipart/") {
                        let form = try await self.formFields(request)
                        guard TokenHasher.equal(form.fields.text("csrf") ?? "", session.csrf) else {
                            throw ServeError(403, "csrf", "the form is stale; reload the page")
                        }
                        var forwarded = request
                        forwarded.body = RequestBody(buffer: ByteBuffer(bytes: form.raw))
                        return try await handler(forwarded, context, principal, session)
                    }
                }
                return try await handler(request, context, principal, session)
            } catch {
                return self.message(error, principal, session, back: method == .post ? "/ui/new" : "/ui/runs")
            }
        }
    }

    /// The signed-in caller, from the session cookie and its still-live token.
    private func session(_ request: Request) -> (Principal, DashboardSessions.Session)? {
        guard let id = request.cookies[Self.sessionCookie]?.value, let session = sessions.session(id, now: nowMilliseconds()),
              let principal = try? store.liveToken(session.tokenID) else { return nil }
        return (principal, session)
    }

    // MARK: Signing in

    /// The sign-in form; its CSRF token is also set as a short-lived SameSite=Strict cookie
    /// (double submit), since there is no session yet.
    private func signinPage(error: String?) -> Response {
        let csrf = TokenHasher.randomHex(16)
        var context: [String: Any] = ["title": "Sign in", "csrf": csrf]
        if let error { context["error"] = error }
        var response = html(pages.render("signin", context), status: error == nil ? .ok : .unauthorized)
        response.setCookie(cookie(Self.signinCookie, csrf, maxAge: 1800))
        return response
    }

    private func signin(_ request: Request) async -> Response {
        let form: FormFields
        do { form = try await formFields(request).fields } catch { return signinPage(error: "The form could not be read.") }
        guard Self.sameOrigin(request), let expected = request.cookies[Self.signinCookie]?.value,
              TokenHasher.equal(form.text("csrf") ?? "", expected) else {
            return signinPage(error: "The form is stale; try again.")
        }
        let principal = try? store.authenticate((form.text("token") ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        guard let principal else {
            log.write("info", "dashboard sign-in refused", [:])
            return signinPage(error: "Unknown or revoked token.")
        }
        let opened = sessions.open(tokenID: principal.tokenID, now: nowMilliseconds())
        audit(principal, "dashboard.signin", principal.tokenID)
        var response = Response.redirect(to: "/ui/runs")
        response.setCookie(cookie(Self.sessionCookie, opened.id, maxAge: 8 * 3600))
        response.setCookie(cookie(Self.signinCookie, "", maxAge: 0))
        return response
    }

    // MARK: Pages

    private func runsPage(_ request: Request, _ principal: Principal, _ session: DashboardSessions.Session) throws(ServeError) -> Response {
        let query = request.uri.queryParameters
        let pageSize = 20
        var filter = ServeStore.RunFilter()
        filter.user = principal.role == .admin ? nil : principal.user
        let status = query.get("status").flatMap { RunRecord.Status(rawValue: $0) }
        filter.status = status?.rawValue
        filter.offset = try Self.integer(query.get("offset"), "offset", default: 0, range: 0...Int(Int32.max))
        filter.limit = pageSize + 1
        var runs: [RunRecord]
        do { runs = try store.runs(matching: filter) } catch { throw ServeError(500, "history", "the run history could not be read") }
        let more = runs.count > pageSize
        runs = Array(runs.prefix(pageSize))
        let now = nowMilliseconds()
        let statusQuery = status.map { "&status=" + $0.rawValue } ?? ""
        var context = base("Runs", principal, session)
        context["runs"] = runs.map { RunView.summary($0, now: now) }
        context["hasRuns"] = !runs.isEmpty
        context["statuses"] = [["value": "", "label": "All", "selected": status == nil]] + RunRecord.Status.allCases.map {
            ["value": $0.rawValue, "label": $0.rawValue, "selected": $0 == status] as [String: Any]
        }
        if filter.offset > 0 { context["previous"] = "/ui/runs?offset=\(max(0, filter.offset - pageSize))" + statusQuery }
        if more { context["next"] = "/ui/runs?offset=\(filter.offset + pageSize)" + statusQuery }
        context["range"] = runs.isEmpty ? "" : "\(filter.offset + 1)–\(filter.offset + runs.count)"
        return html(pages.render("runs", context))
    }

    private func runPage(_ context: BasicRequestContext, _ principal: Principal, _ session: DashboardSessions.Session) async throws(ServeError) -> Response {
        let run = try visibleRun(context, principal)
        let (past, _) = await supervisor.snapshot(run.id)
        var view = RunView.detail(run, now: nowMilliseconds(), hasReport: FileManager.default.fileExists(atPath: layout.reportPath(run.id)))
        view["canCancel"] = principal.role.canLoad && !run.status.isFinal
        view["canRetry"] = principal.role.canLoad && run.status.isFinal && run.user == principal.user
        view["csrf"] = session.csrf
        view["events"] = past.compactMap(RunView.event)
        var page = base(run.job, principal, session)
        page["run"] = view
        return html(pages.render("run", page))
    }

    /// Step one of "New load": stores the upload (quota and confinement as the API's) and shows
    /// what `ferry inspect` infers, with the form for step two.
    private func uploadAndInspect(_ request: Request, _ principal: Principal, _ session: DashboardSessions.Session) async throws(ServeError) -> Response {
        guard principal.role.canLoad else { throw ServeError(403, "forbidden", "a viewer cannot upload") }
        let body = try await collect(request)
        guard let boundary = MultipartForm.boundary(contentType: request.headers[.contentType] ?? ""),
              let form = MultipartForm(body: body, boundary: boundary) else {
            throw ServeError(400, "invalid_body", "send the form with a file")
        }
        guard TokenHasher.equal(form.text("csrf") ?? "", session.csrf) else { throw ServeError(403, "csrf", "the form is stale; reload the page") }
        let saved = try save(form, principal)
        audit(principal, "upload", "\(saved.name) \(saved.bytes) bytes")
        return try await inspectPage(file: saved.name, principal, session, error: nil, chosen: nil)
    }

    private func inspectPage(file: String, _ principal: Principal, _ session: DashboardSessions.Session, error: String?,
                             chosen: FormFields?) async throws(ServeError) -> Response {
        let area = layout.uploadDirectory(principal.user)
        let summary = try await InspectSummary.inspect(ferry: ferryPath, name: file, directory: area,
                                                       stderrPath: area + "/.inspect-" + UUID().uuidString.lowercased() + ".log")
        var context = base("New load", principal, session)
        let keys = Set(chosen?.all("key") ?? [])
        context["file"] = file
        context["rowsRead"] = String(summary.rowsRead)
        context["columns"] = summary.columns.map { ["name": $0.name, "type": $0.type, "nulls": String($0.nulls), "key": keys.contains($0.name)] as [String: Any] }
        context["samples"] = summary.samples.map { ["cells": $0] }
        let target = chosen?.text("target") ?? catalog.targets.keys.sorted().first
        context["targets"] = catalog.targets.keys.sorted().map { name in
            ["name": name, "kind": catalog.targets[name]?["kind"]?.string ?? "", "selected": name == target] as [String: Any]
        }
        context["table"] = chosen?.text("table") ?? Self.tableName(file)
        let mode = chosen?.text("mode") ?? "auto"
        context["modes"] = [("auto", "Auto (infer and create)"), ("create", "Create"), ("append", "Append"),
                            ("upsert", "Upsert (by key)"), ("update", "Update (by key)")].map {
            ["value": $0.0, "label": $0.1, "selected": $0.0 == mode] as [String: Any]
        }
        if let error { context["error"] = error }
        return html(pages.render("inspect", context), status: error == nil ? .ok : .badRequest)
    }

    /// Step two: the chosen target, table, mode and keys become the same request as the API's
    /// multipart upload, confined and queued; then the run's page.
    private func startLoad(_ request: Request, _ principal: Principal, _ session: DashboardSessions.Session) async throws(ServeError) -> Response {
        guard principal.role.canLoad else { throw ServeError(403, "forbidden", "a viewer cannot start runs") }
        let form = try await formFields(request).fields
        let file = form.text("file") ?? ""
        let mode = form.text("mode") ?? "auto"
        let keys = form.all("key")
        if (mode == "upsert" || mode == "update") && keys.isEmpty {
            return try await inspectPage(file: file, principal, session, error: "Choose the key columns for \(mode).", chosen: form)
        }
        let ferryRequest = try formRequest(table: form.text("table"), target: form.text("target"), mode: mode, keys: keys, fileName: file)
        let run = try await enqueue(ferryRequest, principal, retryOf: nil, uploadBytes: 0)
        return Response.redirect(to: "/ui/runs/" + run.id)
    }

    // MARK: Pieces

    /// What every page's header needs.
    func base(_ title: String, _ principal: Principal, _ session: DashboardSessions.Session) -> [String: Any] {
        ["title": title, "csrf": session.csrf,
         "principal": ["user": principal.user, "role": principal.role.rawValue, "canLoad": principal.role.canLoad, "csrf": session.csrf] as [String: Any]]
    }

    private func message(_ error: any Error, _ principal: Principal?, _ session: DashboardSessions.Session?, back: String) -> Response {
        let failure = error as? ServeError ?? ServeError(500, "internal", "internal error")
        var context: [String: Any] = ["title": "Error", "heading": failure.status == 403 ? "Not allowed" : "Something went wrong",
                                      "message": failure.message, "back": back]
        if let principal, let session { context.merge(base("Error", principal, session)) { $1 } }
        context["title"] = "Error"
        var response = html(pages.render("message", context), status: HTTPResponse.Status(code: failure.status))
        if let retry = failure.retryAfter { response.headers[.retryAfter] = String(retry) }
        return response
    }

    /// A URL-encoded body, kept with its bytes so a handler can read it again.
    private func formFields(_ request: Request) async throws(ServeError) -> (fields: FormFields, raw: [UInt8]) {
        let body = try await collect(request)
        return (FormFields(body: body), body)
    }

    /// A page with the dashboard's security headers: only this server's own CSS and script.
    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .cacheControl: "no-store",
            Self.contentTypeOptions: "nosniff",
            Self.referrerPolicy: "same-origin",
        ], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private static func asset(_ bytes: [UInt8], _ type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A cookie that is HttpOnly, SameSite=Strict, Path=/, and Secure when configured (`value` is
    /// hex or empty, always valid).
    private func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        (try? Cookie.validated(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict))
            ?? Cookie(name: name, value: "", maxAge: 0, path: "/")
    }

    /// False when the post names an `Origin` (or, without one, a `Referer`) whose host is not this
    /// request's `Host`.
    private static func sameOrigin(_ request: Request) -> Bool {
        guard let host = request.head.authority else { return true }
        guard let origin = request.headers[.origin] ?? request.headers[.referer] else { return true }
        if origin == "null" { return false }
        guard let url = URL(string: origin), let originHost = url.host else { return false }
        return (url.port.map { "\(originHost):\($0)" } ?? originHost) == host
    }

    /// `orders.csv.gz` → `orders`; characters a table name cannot have become `_`.
    static func tableName(_ file: String) -> String {
        let stem = file.split(separator: ".").first.map(String.init) ?? "load"
        let cleaned = String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        return cleaned.first?.isNumber == false ? cleaned : "t_" + cleaned
    }
}
