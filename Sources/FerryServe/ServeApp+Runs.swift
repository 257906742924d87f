import FerryServeKit
import Foundation
import Hummingbird

extension ServeApp {
    // MARK: Submitting

    /// `POST /api/v1/runs`: a JSON Ferry request naming an uploaded file and a configured target,
    /// or a multipart upload (`file`, `table`, `mode`, `key`, optional `target`).
    func submit(_ request: Request, _ principal: Principal) async throws(ServeError) -> Response {
        guard principal.role.canLoad else { throw ServeError(403, "forbidden", "a viewer cannot start runs") }
        let body = try await collect(request)
        let contentType = request.headers[.contentType] ?? ""
        var uploaded: Int64 = 0
        let ferryRequest: JSONValue
        if let boundary = MultipartForm.boundary(contentType: contentType) {
            guard let form = MultipartForm(body: body, boundary: boundary) else { throw ServeError(400, "invalid_body", "malformed multipart body") }
            // A run over quota stores nothing.
            try quota.admit(user: principal.user, bytes: 0, store: store, runs: true, now: nowMilliseconds())
            let saved = try save(form, principal)
            uploaded = saved.bytes
            ferryRequest = try formRequest(table: form.text("table"), target: form.text("target"), mode: form.text("mode"),
                                           keys: (form.text("key") ?? "").split(separator: ",").map(String.init), fileName: saved.name)
        } else {
            guard let parsed = JSONValue.parse(body) else { throw ServeError(400, "invalid_body", "$: the body is not JSON") }
            ferryRequest = parsed
        }
        let run = try await enqueue(ferryRequest, principal, retryOf: nil, uploadBytes: uploaded)
        return Self.json(run.json, status: .created)
    }

    /// `POST /api/v1/uploads`: stores the multipart `file` field in the caller's upload area.
    func upload(_ request: Request, _ principal: Principal) async throws(ServeError) -> Response {
        guard principal.role.canLoad else { throw ServeError(403, "forbidden", "a viewer cannot upload") }
        let body = try await collect(request)
        guard let boundary = MultipartForm.boundary(contentType: request.headers[.contentType] ?? ""),
              let form = MultipartForm(body: body, boundary: boundary) else {
            throw ServeError(400, "invalid_body", "send multipart/form-data with a `file` field")
        }
        let saved = try save(form, principal)
        audit(principal, "upload", "\(saved.name) \(saved.bytes) bytes")
        return Self.json(.object(["name": .string(saved.name), "bytes": .number(Double(saved.bytes))]), status: .created)
    }

    func collect(_ request: Request) async throws(ServeError) -> [UInt8] {
        do {
            var buffer = try await request.body.collect(upTo: maxBody)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw ServeError(413, "too_large", "the body is larger than \(maxBody) bytes")
        }
    }

    /// Writes the form's `file` into the caller's upload area after the quota check.
    func save(_ form: MultipartForm, _ principal: Principal) throws(ServeError) -> (name: String, bytes: Int64) {
        guard let file = form.parts.first(where: { $0.name == "file" }) else { throw ServeError(400, "invalid_body", "$.file: required") }
        let name = file.filename ?? ""
        guard Confinement.isPlainName(name) else {
            throw ServeError(400, "confinement", "$.file: the file name must be a plain name (no directories, no \"..\")")
        }
        let bytes = Int64(file.data.count)
        try quota.admit(user: principal.user, bytes: bytes, store: store, runs: false, now: nowMilliseconds())
        let area = layout.uploadDirectory(principal.user)
        do {
            try FileManager.default.createDirectory(atPath: area, withIntermediateDirectories: true)
            // Written beside, then renamed over the name: a run still reading the old file keeps
            // it, and a link planted in the area is replaced, never written through.
            let path = area + "/" + name
            let temporary = area + "/.upload-" + UUID().uuidString.lowercased()
            guard FileManager.default.createFile(atPath: temporary, contents: Data(file.data)) else { throw CocoaError(.fileWriteUnknown) }
            guard rename(temporary, path) == 0 else {
                try? FileManager.default.removeItem(atPath: temporary)
                throw CocoaError(.fileWriteUnknown)
            }
            try store.recordUpload(user: principal.user, name: name, bytes: bytes, now: nowMilliseconds())
        } catch {
            throw ServeError(500, "storage", "the upload could not be stored")
        }
        return (name, bytes)
    }

    /// The Ferry request an upload form (the API's multipart one or the dashboard's) stands for,
    /// then confined like any other.
    func formRequest(table: String?, target: String?, mode: String?, keys: [String], fileName: String) throws(ServeError) -> JSONValue {
        guard let table, !table.isEmpty else { throw ServeError(400, "invalid_body", "$.table: required") }
        let targetName = target ?? (catalog.targets.count == 1 ? catalog.targets.keys.first : nil) ?? "default"
        var mode = mode ?? "auto"
        // Auto: infer the columns and create the table.
        if mode == "auto" { mode = "create" }
        var request: [String: JSONValue] = [
            "contract_version": .number(1),
            "source": .object(["kind": .string("file"), "path": .string(fileName)]),
            "target": .object(["name": .string(targetName), "table": .string(table)]),
            "mode": .string(mode),
        ]
        let keys = keys.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !keys.isEmpty { request["key"] = .array(keys.map { .string($0) }) }
        return .object(request)
    }

    /// Confines `ferryRequest`, checks the quota and queues the run.
    func enqueue(_ ferryRequest: JSONValue, _ principal: Principal, retryOf: String?, uploadBytes: Int64) async throws(ServeError) -> RunRecord {
        let id = UUID().uuidString.lowercased()
        let confinement = Confinement(uploadDirectory: layout.uploadDirectory(principal.user),
                                      runDirectory: layout.runDirectory(id), targets: catalog.targets)
        let confined = try confinement.confine(ferryRequest)
        try quota.admit(user: principal.user, bytes: 0, store: store, runs: true, now: nowMilliseconds())
        let job = confined["job"]?["name"]?.string ?? "load_" + (confined["target"]?["table"]?.string ?? "run")
        let run = RunRecord(id: id, user: principal.user, job: job, status: .queued, createdAt: nowMilliseconds(),
                            retryOf: retryOf, request: confined, uploadBytes: uploadBytes)
        do { try await supervisor.submit(run) } catch { throw ServeError(500, "history", "the run could not be queued") }
        audit(principal, retryOf == nil ? "run.submit" : "run.retry", retryOf.map { "\(id) retries \($0)" } ?? id)
        return run
    }

    // MARK: Reading

    /// `GET /api/v1/runs?status=&job=&user=&since=&until=&limit=&offset=`.
    func list(_ request: Request, _ principal: Principal) throws(ServeError) -> Response {
        let query = request.uri.queryParameters
        var filter = ServeStore.RunFilter()
        filter.status = query.get("status")
        if let status = filter.status, RunRecord.Status(rawValue: status) == nil {
            throw ServeError(400, "invalid_query", "status: one of \(RunRecord.Status.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        filter.job = query.get("job")
        let asked = query.get("user")
        filter.user = principal.role == .admin ? asked : principal.user
        if let asked, principal.role != .admin, asked != principal.user {
            throw ServeError(403, "forbidden", "only an admin sees other users' runs")
        }
        filter.since = try Self.time(query.get("since"), "since")
        filter.until = try Self.time(query.get("until"), "until")
        filter.limit = try Self.integer(query.get("limit"), "limit", default: 50, range: 1...500)
        filter.offset = try Self.integer(query.get("offset"), "offset", default: 0, range: 0...Int(Int32.max))
        let runs: [RunRecord]
        do { runs = try store.runs(matching: filter) } catch { throw ServeError(500, "history", "the run history could not be read") }
        return Self.json(.object(["runs": .array(runs.map(\.json)), "limit": .number(Double(filter.limit)),
                                  "offset": .number(Double(filter.offset))]))
    }

    /// The run named in the path, if the caller may see it (404 otherwise, so ids do not leak).
    func visibleRun(_ context: BasicRequestContext, _ principal: Principal) throws(ServeError) -> RunRecord {
        let id = context.parameters.get("id") ?? ""
        let run: RunRecord?
        do { run = try store.run(id) } catch { throw ServeError(500, "history", "the run history could not be read") }
        guard let run, principal.maySee(run.user) else { throw ServeError(404, "not_found", "no such run") }
        return run
    }

    /// `GET /api/v1/runs/{id}/events`: Server-Sent Events, the past ones then the live ones, each
    /// with `id` = its `seq` and `event` = its `type`; `event: end` closes the stream.
    func events(_ context: BasicRequestContext, _ principal: Principal) async throws(ServeError) -> Response {
        let run = try visibleRun(context, principal)
        let (past, future) = await supervisor.subscribe(run.id)
        let body = ResponseBody { writer in
            for line in past { try await writer.write(ByteBuffer(string: Self.sse(line))) }
            if let future {
                for await line in future { try await writer.write(ByteBuffer(string: Self.sse(line))) }
            }
            try await writer.write(ByteBuffer(string: "event: end\ndata: {}\n\n"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    static func sse(_ line: String) -> String {
        let event = JSONValue.parse(Array(line.utf8))
        var frame = ""
        if let seq = event?["seq"]?.int { frame += "id: \(seq)\n" }
        if let type = event?["type"]?.string { frame += "event: \(type)\n" }
        return frame + "data: \(line)\n\n"
    }

    func cancel(_ context: BasicRequestContext, _ principal: Principal) async throws(ServeError) -> Response {
        guard principal.role.canLoad else { throw ServeError(403, "forbidden", "a viewer cannot cancel runs") }
        let run = try visibleRun(context, principal)
        let accepted: Bool
        do { accepted = try await supervisor.cancel(run.id) } catch { throw ServeError(500, "history", "the run could not be cancelled") }
        guard accepted else { throw ServeError(409, "finished", "the run has already ended (\(run.status.rawValue))") }
        audit(principal, "run.cancel", run.id)
        return Self.json(try visibleRun(context, principal).json, status: .accepted)
    }

    func retry(_ context: BasicRequestContext, _ principal: Principal) async throws(ServeError) -> Response {
        Self.json(try await retried(context, principal).json, status: .created)
    }

    /// Queues the run named in the path again; the new run's `retry_of` is it.
    func retried(_ context: BasicRequestContext, _ principal: Principal) async throws(ServeError) -> RunRecord {
        guard principal.role.canLoad else { throw ServeError(403, "forbidden", "a viewer cannot start runs") }
        let original = try visibleRun(context, principal)
        guard original.status.isFinal else { throw ServeError(409, "running", "the run has not ended yet") }
        guard principal.user == original.user else { throw ServeError(403, "forbidden", "only the run's owner may retry it") }
        // The stored request is already confined: run it again as it was, with its own reject file.
        let id = UUID().uuidString.lowercased()
        var request = original.request.object ?? [:]
        var options = request["options"]?.object ?? [:]
        let rejectName = (options["reject_path"]?.string.map { ($0 as NSString).lastPathComponent }) ?? "rejects.jsonl"
        options["reject_path"] = .string(layout.runDirectory(id) + "/" + rejectName)
        request["options"] = .object(options)
        try quota.admit(user: principal.user, bytes: 0, store: store, runs: true, now: nowMilliseconds())
        let run = RunRecord(id: id, user: principal.user, job: original.job, status: .queued, createdAt: nowMilliseconds(),
                            retryOf: original.id, request: .object(request), uploadBytes: 0)
        do { try await supervisor.submit(run) } catch { throw ServeError(500, "history", "the run could not be queued") }
        audit(principal, "run.retry", "\(id) retries \(original.id)")
        return run
    }

    func rejects(_ context: BasicRequestContext, _ principal: Principal) throws(ServeError) -> Response {
        let run = try visibleRun(context, principal)
        guard let path = run.rejectFile, let data = FileManager.default.contents(atPath: path) else {
            throw ServeError(404, "not_found", "this run has no reject file")
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `GET /api/v1/runs/{id}/report`: the run's quality report (`ferry run --report`), one
    /// self-contained HTML page; served sandboxed, with no script allowed.
    func report(_ context: BasicRequestContext, _ principal: Principal) throws(ServeError) -> Response {
        let run = try visibleRun(context, principal)
        guard let data = FileManager.default.contents(atPath: layout.reportPath(run.id)) else {
            throw ServeError(404, "not_found", "this run has no report")
        }
        return Response(status: .ok, headers: [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func audit(_ request: Request, _ principal: Principal) throws(ServeError) -> Response {
        guard principal.role == .admin else { throw ServeError(403, "forbidden", "only an admin reads the audit log") }
        let limit = try Self.integer(request.uri.queryParameters.get("limit"), "limit", default: 100, range: 1...1000)
        let entries: [(time: Int64, user: String, action: String, detail: String)]
        do { entries = try store.auditEntries(limit: limit) } catch { throw ServeError(500, "history", "the audit log could not be read") }
        return Self.json(.object(["entries": .array(entries.map { entry in
            .object(["time": .string(RunRecord.iso(entry.time)), "user": .string(entry.user),
                     "action": .string(entry.action), "detail": .string(entry.detail)])
        })]))
    }

    func audit(_ principal: Principal, _ action: String, _ detail: String) {
        do { try store.audit(user: principal.user, action: action, detail: detail, now: nowMilliseconds()) } catch {
            log.write("error", "audit entry not written", ["action": action])
        }
    }

    // MARK: Query parameters

    static func integer(_ text: String?, _ name: String, default value: Int, range: ClosedRange<Int>) throws(ServeError) -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ServeError(400, "invalid_query", "\(name): an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// An RFC 3339 time (or milliseconds since 1970) as milliseconds.
    static func time(_ text: String?, _ name: String) throws(ServeError) -> Int64? {
        guard let text else { return nil }
        if let milliseconds = Int64(text) { return milliseconds }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text) {
            return Int64(date.timeIntervalSince1970 * 1000)
        }
        throw ServeError(400, "invalid_query", "\(name): an RFC 3339 time such as 2026-12-05T00:00:00Z")
    }
}
