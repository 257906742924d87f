package import FerryCore

/// Users, tokens, run history and the audit log, over `ServeDatabase`.
package struct ServeStore: Sendable {
    package let database: ServeDatabase

    /// The history at `location`; `serving` as for `ServeDatabase`.
    package init(_ location: HistoryLocation, serving: Bool = false) throws(FerryError) {
        database = try ServeDatabase(location, serving: serving)
    }

    /// The SQLite history at `path`.
    package init(path: String) throws(FerryError) {
        try self.init(.sqlite(path: path))
    }

    // MARK: Users and tokens

    package func addUser(_ name: String, role: Role, now: Int64) throws(FerryError) {
        try database.query("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET role = excluded.role",
                           [.text(name), .text(role.rawValue), .int(now)])
    }

    package func userExists(_ name: String) throws(FerryError) -> Bool {
        try !database.query("SELECT 1 FROM users WHERE name = ?", [.text(name)]).isEmpty
    }

    /// Creates a token for `user` with `role`; returns the token text, the only time it exists.
    package func createToken(user: String, role: Role, now: Int64) throws(FerryError) -> (id: String, token: String) {
        let made = TokenHasher.generate()
        let salt = TokenHasher.salt()
        try database.query("INSERT INTO tokens (id, user_name, role, salt, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           [.text(made.id), .text(user), .text(role.rawValue), .text(salt),
                            .text(TokenHasher.hash(secret: made.secret, salt: salt)), .int(now)])
        return (made.id, made.token)
    }

    /// Revokes a token given by its id or its full text; false when there is no such live token.
    package func revokeToken(_ idOrToken: String, now: Int64) throws(FerryError) -> Bool {
        let id = TokenHasher.parse(idOrToken)?.id ?? idOrToken
        try database.query("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [.int(now), .text(id)])
        return try !database.query("SELECT 1 FROM tokens WHERE id = ? AND revoked_at = ?", [.text(id), .int(now)]).isEmpty
    }

    /// The caller a bearer token stands for; nil for an unknown, malformed or revoked token.
    package func authenticate(_ token: String) throws(FerryError) -> Principal? {
        guard let parsed = TokenHasher.parse(token) else { return nil }
        let rows = try database.query("SELECT user_name, role, salt, hash FROM tokens WHERE id = ? AND revoked_at IS NULL", [.text(parsed.id)])
        guard let row = rows.first, let user = row[0].text, let role = row[1].text.flatMap(Role.init(rawValue:)),
              let salt = row[2].text, let hash = row[3].text,
              TokenHasher.verify(secret: parsed.secret, salt: salt, expected: hash) else { return nil }
        return Principal(user: user, role: role, tokenID: parsed.id)
    }

    /// The caller a live token id stands for (dashboard sessions keep the id, not the token).
    package func liveToken(_ id: String) throws(FerryError) -> Principal? {
        let rows = try database.query("SELECT user_name, role FROM tokens WHERE id = ? AND revoked_at IS NULL", [.text(id)])
        guard let row = rows.first, let user = row[0].text, let role = row[1].text.flatMap(Role.init(rawValue:)) else { return nil }
        return Principal(user: user, role: role, tokenID: id)
    }

    // MARK: Runs

    private static let runColumns = "id, user_name, job, status, created_at, started_at, finished_at, retry_of, request, result, rows_written, rows_rejected, exit_code, reject_file, upload_bytes"

    package func insert(_ run: RunRecord) throws(FerryError) {
        try database.query("INSERT INTO runs (\(Self.runColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Self.values(run))
    }

    package func update(_ run: RunRecord) throws(FerryError) {
        try database.query("""
            UPDATE runs SET status = ?, started_at = ?, finished_at = ?, result = ?, rows_written = ?, rows_rejected = ?,
                exit_code = ?, reject_file = ? WHERE id = ?
            """, [.text(run.status.rawValue), Self.optional(run.startedAt), Self.optional(run.finishedAt),
                  run.result.map { .text($0.text) } ?? .null, Self.optional(run.rowsWritten), Self.optional(run.rowsRejected),
                  Self.optional(run.exitCode), run.rejectFile.map { .text($0) } ?? .null, .text(run.id)])
    }

    package func run(_ id: String) throws(FerryError) -> RunRecord? {
        try database.query("SELECT \(Self.runColumns) FROM runs WHERE id = ?", [.text(id)]).first.flatMap(Self.record)
    }

    /// Filters for `runs(matching:)`; nil members match everything.
    package struct RunFilter: Sendable {
        package var user: String?
        package var status: String?
        package var job: String?
        package var since: Int64?
        package var until: Int64?
        package var limit = 50
        package var offset = 0

        package init() {}
    }

    /// Runs, newest first.
    package func runs(matching filter: RunFilter) throws(FerryError) -> [RunRecord] {
        var clauses: [String] = []
        var arguments: [ServeDatabase.Value] = []
        if let user = filter.user { clauses.append("user_name = ?"); arguments.append(.text(user)) }
        if let status = filter.status { clauses.append("status = ?"); arguments.append(.text(status)) }
        if let job = filter.job { clauses.append("job = ?"); arguments.append(.text(job)) }
        if let since = filter.since { clauses.append("created_at >= ?"); arguments.append(.int(since)) }
        if let until = filter.until { clauses.append("created_at < ?"); arguments.append(.int(until)) }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        arguments += [.int(Int64(filter.limit)), .int(Int64(filter.offset))]
        return try database.query("SELECT \(Self.runColumns) FROM runs \(whereClause) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", arguments)
            .compactMap(Self.record)
    }

    /// Marks every queued or running run `interrupted` (start-up: the server that ran them died).
    @discardableResult
    package func markInterrupted(now: Int64) throws(FerryError) -> Int {
        let rows = try database.query("SELECT id FROM runs WHERE status IN ('queued', 'running')")
        try database.query("UPDATE runs SET status = 'interrupted', finished_at = ? WHERE status IN ('queued', 'running')", [.int(now)])
        return rows.count
    }

    /// Runs `user` created at or after `since`, and the bytes they uploaded since then.
    package func usage(user: String, since: Int64) throws(FerryError) -> (runs: Int, bytes: Int64) {
        let runs = try database.query("SELECT count(*) FROM runs WHERE user_name = ? AND created_at >= ?", [.text(user), .int(since)]).first
        let bytes = try database.query("SELECT coalesce(sum(bytes), 0) FROM uploads WHERE user_name = ? AND created_at >= ?",
                                       [.text(user), .int(since)]).first
        return (Int(runs?[0].int ?? 0), bytes?[0].int ?? 0)
    }

    /// Records an uploaded file (for the bytes-per-day quota).
    package func recordUpload(user: String, name: String, bytes: Int64, now: Int64) throws(FerryError) {
        try database.query("INSERT INTO uploads (user_name, name, bytes, created_at) VALUES (?, ?, ?, ?)",
                           [.text(user), .text(name), .int(bytes), .int(now)])
    }

    /// Finished runs whose reject file is still recorded, finished before `before`.
    package func runsWithLogs(finishedBefore before: Int64) throws(FerryError) -> [String] {
        try database.query("SELECT id FROM runs WHERE finished_at IS NOT NULL AND finished_at < ?", [.int(before)]).compactMap { $0[0].text }
    }

    // MARK: Audit

    package func audit(user: String, action: String, detail: String, now: Int64) throws(FerryError) {
        try database.query("INSERT INTO audit (time, user_name, action, detail) VALUES (?, ?, ?, ?)",
                           [.int(now), .text(user), .text(action), .text(detail)])
    }

    package func auditEntries(limit: Int) throws(FerryError) -> [(time: Int64, user: String, action: String, detail: String)] {
        try database.query("SELECT time, user_name, action, detail FROM audit ORDER BY id DESC LIMIT ?", [.int(Int64(limit))]).map {
            ($0[0].int ?? 0, $0[1].text ?? "", $0[2].text ?? "", $0[3].text ?? "")
        }
    }

    // MARK: Rows

    private static func optional(_ value: Int64?) -> ServeDatabase.Value { value.map { .int($0) } ?? .null }

    private static func values(_ run: RunRecord) -> [ServeDatabase.Value] {
        [.text(run.id), .text(run.user), .text(run.job), .text(run.status.rawValue), .int(run.createdAt),
         optional(run.startedAt), optional(run.finishedAt), run.retryOf.map { .text($0) } ?? .null, .text(run.request.text),
         run.result.map { .text($0.text) } ?? .null, optional(run.rowsWritten), optional(run.rowsRejected),
         optional(run.exitCode), run.rejectFile.map { .text($0) } ?? .null, .int(run.uploadBytes)]
    }

    private static func record(_ row: [ServeDatabase.Value]) -> RunRecord? {
        guard row.count == 15, let id = row[0].text, let user = row[1].text, let job = row[2].text,
              let status = row[3].text.flatMap(RunRecord.Status.init(rawValue:)), let created = row[4].int else { return nil }
        var run = RunRecord(id: id, user: user, job: job, status: status, createdAt: created, retryOf: row[7].text,
                            request: row[8].text.flatMap { JSONValue.parse(Array($0.utf8)) } ?? .null, uploadBytes: row[14].int ?? 0)
        run.startedAt = row[5].int
        run.finishedAt = row[6].int
        run.result = row[9].text.flatMap { JSONValue.parse(Array($0.utf8)) }
        run.rowsWritten = row[10].int
        run.rowsRejected = row[11].int
        run.exitCode = row[12].int
        run.rejectFile = row[13].text
        return run
    }
}
