import FerryCore
import FerryTestSupport
import Testing

/// The conformance suite, written once: every database connector must pass it.
/// Issue 8 adds the ODBC drivers.
/// MariaDB joins when its server can be had (`MariaDBTestServer`); when it cannot, locally,
/// `mariaDBAvailable` skips with the reason, and under CI=true it fails.
let targets: [any ConformanceTarget] = [SQLiteConformanceTarget(), PostgresConformanceTarget(), ODBCPostgresConformanceTarget(), ODBCSQLiteConformanceTarget()]
    + mariaDBTargets

/// The MariaDB target when the server is available; none otherwise (see `mariaDBAvailable`).
let mariaDBTargets: [any ConformanceTarget] = {
    guard case let .available(connection)? = try? MariaDBTestServer.availability() else { return [] }
    return [ODBCMariaDBConformanceTarget(connection: connection)]
}()

@Suite("Conformance")
struct ConformanceTests {
    /// How a target's own tools show a canonical value: SQLite shows booleans as 1/0,
    /// PostgreSQL shows a UTC instant with `+00` where Ferry writes `Z`.
    static func shown(_ value: String?, _ type: ColumnType, on target: any ConformanceTarget) -> String? {
        guard let value else { return nil }
        if target is SQLiteConformanceTarget, type == .boolean { return value == "true" ? "1" : "0" }
        if target is PostgresConformanceTarget, type == .timestamptz, value.hasSuffix("Z") { return value.dropLast() + "+00" }
        if target is ODBCMariaDBConformanceTarget, type == .timestamptz, value.hasSuffix("Z") { return String(value.dropLast()) }
        return value
    }

    static let typed: [(ColumnType, [String?])] = [
        (.bigint, ["-9223372036854775808", "0", "9223372036854775807"]),
        (.anyDecimal, ["-0.01", "7", "123456.789"]),
        (.double, ["-0.125", "2.5", "0.001"]),
        (.boolean, ["true", "false", nil]),
        (.date, ["0001-01-01", "2024-02-29", "9999-12-31"]),
        (.timestamp, ["1970-01-01 00:00:00", "2024-02-29 23:59:59.5", nil]),
        (.timestamptz, ["2024-02-29 21:59:59.123456Z", "1999-12-31 23:00:00Z", nil]),
        (.uuid, ["6f1d2c9e-6a9b-4c1e-9a58-0d7a2e4b1f01", nil, "00000000-0000-0000-0000-000000000000"]),
        (.json, [#"{"a":[1,2,{"b":null}]}"#, "[]", nil]),
        (.text, ["Zoë, \"quoted\"\nnew line", "", nil]),
    ]

    private func withSandbox(_ target: any ConformanceTarget, _ body: (ConformanceKit) throws -> Void) throws {
        let sandbox = try target.makeSandbox()
        defer { sandbox.remove() }
        try body(ConformanceKit(sandbox: sandbox))
    }

    @Test("MariaDB is part of the suite (skips with the reason when its server cannot run here; fails under CI)")
    func mariaDBAvailable() throws {
        switch try MariaDBTestServer.availability() {
        case .available: #expect(!mariaDBTargets.isEmpty)
        case let .unavailable(reason): try Test.cancel(Comment(rawValue: reason))
        }
    }

    @Test("every type round-trips, NULLs included", arguments: targets.map { $0 as any ConformanceTarget })
    func typeRoundTrip(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            let names = ["k"] + Self.typed.map { "c_\($0.0.name)" }
            let rows: [[String?]] = (0..<3).map { i in [String(i)] + Self.typed.map { $0.1[i] } }
            let declared = [DeclaredColumn(name: "k", type: .bigint)] + Self.typed.map { DeclaredColumn(name: "c_\($0.0.name)", type: $0.0) }
            let result = kit.load("types", columns: names, rows: rows, mode: .create, declared: declared)
            #expect(result.status == .completed, "\(String(describing: result.error))")
            let expected = rows.map { row in
                [row[0]] + Self.typed.enumerated().map { i, t in Self.shown(row[i + 1], t.0, on: target) }
            }
            let stored = try kit.sandbox.rows(table: "types")
            #expect(stored == expected)
        }
    }

    @Test("create makes the table and refuses an existing one", arguments: targets.map { $0 as any ConformanceTarget })
    func create(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            #expect(kit.load("t", columns: ["id"], rows: [["1"]], mode: .create).status == .completed)
            let again = kit.load("t", columns: ["id"], rows: [["2"]], mode: .create)
            #expect(again.error?.code == .targetExists)
            let stored = try kit.sandbox.rows(table: "t")
            #expect(stored == [["1"]])
        }
    }

    @Test("append adds rows and creates a missing table", arguments: targets.map { $0 as any ConformanceTarget })
    func append(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            #expect(kit.load("t", columns: ["id", "v"], rows: [["1", "a"]], mode: .append).status == .completed)
            #expect(kit.load("t", columns: ["v", "id"], rows: [["b", "2"]], mode: .append).status == .completed)
            let stored = try kit.sandbox.rows(table: "t")
            #expect(stored == [["1", "a"], ["2", "b"]])
        }
    }

    @Test("replace swaps in the new rows and columns", arguments: targets.map { $0 as any ConformanceTarget })
    func replace(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            _ = kit.load("t", columns: ["id", "old"], rows: [["1", "x"]], mode: .create)
            let result = kit.load("t", columns: ["id", "new"], rows: [["2", "y"], ["3", nil]], mode: .replace)
            #expect(result.status == .completed)
            let stored = try kit.sandbox.rows(table: "t")
            #expect(stored == [["2", "y"], ["3", nil]])
        }
    }

    @Test("truncate empties the table and loads, keeping its definition", arguments: targets.map { $0 as any ConformanceTarget })
    func truncate(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            _ = kit.load("t", columns: ["id", "v"], rows: [["1", "a"], ["2", "b"]], mode: .create)
            #expect(kit.load("t", columns: ["id", "v"], rows: [["3", "c"]], mode: .truncate).status == .completed)
            let stored = try kit.sandbox.rows(table: "t")
            #expect(stored == [["3", "c"]])
        }
    }

    @Test("upsert updates existing keys and inserts new ones", arguments: targets.map { $0 as any ConformanceTarget })
    func upsert(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            _ = kit.load("t", columns: ["id", "v"], rows: [["1", "a"], ["2", "b"]], mode: .upsert, key: ["id"])
            let result = kit.load("t", columns: ["id", "v"], rows: [["2", "B"], ["3", "c"]], mode: .upsert, key: ["id"])
            #expect(result.status == .completed)
            #expect(result.rowsWritten == 2)
            let stored = try kit.sandbox.rows(table: "t")
            #expect(stored == [["1", "a"], ["2", "B"], ["3", "c"]])
        }
    }

    @Test("upsert: rows_written counts every input row (existing keys, new keys, keys repeated in the input), the last row of a key wins, and repeats are one duplicate_keys warning", arguments: targets.map { $0 as any ConformanceTarget })
    func upsertCounts(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            let declared = [DeclaredColumn(name: "id", type: .bigint), DeclaredColumn(name: "v", type: .text)]
            _ = kit.load("t", columns: ["id", "v"], rows: [["1", "a"], ["2", "b"]], mode: .upsert, key: ["id"], declared: declared)
            #expect(kit.events.of(.warning).isEmpty)
            // 2 exists; 3 is new; 3 and 2 come again (in the same batch and in a later one).
            let rows: [[String?]] = [["2", "B"], ["3", "c"], ["3", "C"], ["4", "d"], ["2", "BB"]]
            let result = kit.load("t", columns: ["id", "v"], rows: rows, mode: .upsert, key: ["id"], declared: declared)
            #expect(result.status == .completed)
            #expect(result.rowsRead == 5 && result.rowsWritten == 5 && result.rowsRejected == 0)
            let stored = try kit.sandbox.rows(table: "t")
            #expect(stored == [["1", "a"], ["2", "BB"], ["3", "C"], ["4", "d"]])
            let warnings = kit.events.events.compactMap { event -> Warning? in
                if case let .warning(w) = event.payload { return w } else { return nil }
            }
            #expect(warnings.map(\.code) == ["duplicate_keys"])
            #expect(warnings.first?.message.hasPrefix("2 rows repeated the key of an earlier row") == true)

            // Every column a key column: an existing key changes nothing, yet the row was applied.
            _ = kit.load("k", columns: ["id"], rows: [["1"]], mode: .create, key: ["id"], declared: [declared[0]])
            let keys = kit.load("k", columns: ["id"], rows: [["1"], ["2"], ["2"]], mode: .upsert, key: ["id"], declared: [declared[0]])
            #expect(keys.status == .completed)
            #expect(keys.rowsWritten == 3)
            let storedK = try kit.sandbox.rows(table: "k")
            #expect(storedK == [["1"], ["2"]])
        }
    }

    /// How each target shows the exact decimals `12.50`, `1000`, `0.025` of an inferred decimal
    /// column (SQLite keeps decimals as INTEGER or REAL, so trailing zeros go).
    /// (MariaDB's unconstrained decimal is DECIMAL(65,30), whose padding the sandbox trims.)
    static func shownDecimals(on target: any ConformanceTarget) -> [String?] {
        if target is PostgresConformanceTarget || target is ODBCPostgresConformanceTarget { return ["0.025", "1000", "12.50"] }
        return ["0.025", "1000", "12.5"]
    }

    /// The values of a one-column table, in text order (targets order rows differently).
    static func sortedValues(_ rows: [[String?]]?) -> [String?] {
        (rows ?? []).map { $0[0] }.sorted { ($0 ?? "") < ($1 ?? "") }
    }

    @Test("a column of exact decimals with exponents is inferred decimal and stored exactly, whole-file and sampled", arguments: targets.map { $0 as any ConformanceTarget })
    func exponentDecimals(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            let rows: [[String?]] = [["12.50"], ["1e3"], ["2.5E-2"]]
            for (table, inferRows) in [("whole", nil), ("sampled", 1)] as [(String, Int?)] {
                let result = kit.load(table, columns: ["amount"], rows: rows, mode: .create, chunkRows: 1, inferRows: inferRows)
                #expect(result.status == .completed, "\(table)")
                #expect(result.rowsRejected == 0, "\(table)")
                let stored = try kit.sandbox.rows(table: table)
                #expect(Self.sortedValues(stored) == Self.shownDecimals(on: target), "\(table)")
            }
            let resolved = kit.events.events.compactMap { event -> [Column]? in
                if case let .schemaResolved(s) = event.payload { return s.schema.columns } else { return nil }
            }
            #expect(resolved.map { $0.map(\.type) } == [[.anyDecimal], [.anyDecimal]])
        }
    }

    @Test("sampled inference rejects a later 007 in an inferred bigint column; a declared one stores 7 and warns", arguments: targets.map { $0 as any ConformanceTarget })
    func changedTexts(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            let rows: [[String?]] = [["1"], ["2"], ["007"], ["+5"]]
            let sampled = kit.load("s", columns: ["n"], rows: rows, mode: .create, maxRejects: .count(2), chunkRows: 1, inferRows: 2)
            #expect(sampled.status == .completed)
            #expect(sampled.rowsRejected == 2 && sampled.rowsWritten == 2)
            let storedS = try kit.sandbox.rows(table: "s")
            #expect(storedS == [["1"], ["2"]])
            let whole = kit.load("w", columns: ["n"], rows: rows, mode: .create)
            #expect(whole.rowsRejected == 0)
            let storedW = try kit.sandbox.rows(table: "w")
            #expect(Self.sortedValues(storedW) == Self.sortedValues(rows))
            let declared = kit.load("d", columns: ["n"], rows: rows, mode: .create, declared: [DeclaredColumn(name: "n", type: .bigint)])
            #expect(declared.rowsRejected == 0 && declared.rowsWritten == 4)
            let storedD = try kit.sandbox.rows(table: "d")
            #expect(Self.sortedValues(storedD) == ["1", "2", "5", "7"])
            let warnings = kit.events.events.compactMap { event -> Warning? in
                if case let .warning(w) = event.payload { return w } else { return nil }
            }
            #expect(warnings.map(\.code) == ["values_changed"])
            #expect(warnings.first?.message.hasPrefix("2 values of column \"n\" (declared bigint)") == true)
        }
    }

    @Test("create and replace make the key the table's primary key, so upsert into it works and duplicates fail", arguments: targets.map { $0 as any ConformanceTarget })
    func keyIsPrimaryKey(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            #expect(kit.load("t", columns: ["id", "v"], rows: [["1", "a"], ["2", "b"]], mode: .create, key: ["id"]).status == .completed)
            #expect(kit.load("t", columns: ["id", "v"], rows: [["2", "B"], ["3", "c"]], mode: .upsert, key: ["id"]).status == .completed)
            let upserted = try kit.sandbox.rows(table: "t")
            #expect(upserted == [["1", "a"], ["2", "B"], ["3", "c"]])
            #expect(kit.load("t", columns: ["id", "v"], rows: [["4", "d"], ["5", "e"]], mode: .replace, key: ["id"]).status == .completed)
            #expect(kit.load("t", columns: ["id", "v"], rows: [["5", "E"]], mode: .upsert, key: ["id"]).status == .completed)
            let replaced = try kit.sandbox.rows(table: "t")
            #expect(replaced == [["4", "d"], ["5", "E"]])
            let duplicate = kit.load("u", columns: ["id", "v"], rows: [["1", "a"], ["1", "b"]], mode: .create, key: ["id"])
            #expect(duplicate.status == .failed)
            #expect(duplicate.error?.code == .targetConstraint)
        }
    }

    @Test("update changes existing keys only and warns about the rest", arguments: targets.map { $0 as any ConformanceTarget })
    func update(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            _ = kit.load("t", columns: ["id", "v"], rows: [["1", "a"], ["2", "b"]], mode: .upsert, key: ["id"])
            let result = kit.load("t", columns: ["id", "v"], rows: [["2", "B"], ["9", "z"]], mode: .update, key: ["id"])
            #expect(result.status == .completed)
            #expect(result.rowsWritten == 1)
            let stored = try kit.sandbox.rows(table: "t")
            #expect(stored == [["1", "a"], ["2", "B"]])
            #expect(kit.events.of(.warning).count == 1)
        }
    }

    @Test("empty input completes with zero rows", arguments: targets.map { $0 as any ConformanceTarget })
    func emptyInput(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            _ = kit.load("t", columns: ["id"], rows: [["1"]], mode: .create)
            let result = kit.load("t", columns: ["id"], rows: [], mode: .replace)
            #expect(result.status == .completed)
            #expect(result.rowsRead == 0 && result.rowsWritten == 0)
            let stored = try kit.sandbox.rows(table: "t")
            #expect(stored == [])
        }
    }

    @Test("cancellation mid-load leaves the target as it was", arguments: targets.map { $0 as any ConformanceTarget })
    func cancellation(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            let declared = [DeclaredColumn(name: "id", type: .bigint)]
            _ = kit.load("t", columns: ["id"], rows: [["1"], ["2"]], mode: .create, declared: declared)
            try kit.sandbox.execute(#"create unique index t_id on "t" ("id")"#)
            let rows: [[String?]] = (10..<400).map { [String($0)] }
            for mode in [LoadMode.replace, .append, .truncate, .upsert] {
                // With every column declared there is no inference pass: chunk 20 of 39 is mid-load.
                let result = kit.load("t", columns: ["id"], rows: rows, mode: mode, key: mode == .upsert ? ["id"] : [],
                                      declared: declared, chunkRows: 10, cancelAtChunk: 20)
                #expect(result.error?.code == .cancelled, "\(mode)")
                let stored = try kit.sandbox.rows(table: "t")
                #expect(stored == [["1"], ["2"]], "\(mode)")
            }
        }
    }

    @Test("a constraint violation fails the load, names no values and changes nothing", arguments: targets.map { $0 as any ConformanceTarget })
    func constraintViolation(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            _ = kit.load("t", columns: ["id", "secret"], rows: [["1", "keep"]], mode: .create)
            try kit.sandbox.execute(#"create unique index t_secret on "t" ("secret")"#)
            let secret = "pa55-w0rd-do-not-print"
            let result = kit.load("t", columns: ["id", "secret"], rows: [["2", secret], ["3", secret]], mode: .append)
            #expect(result.error?.code == .targetConstraint)
            let stored = try kit.sandbox.rows(table: "t")
            #expect(stored == [["1", "keep"]])
            for event in kit.events.events { #expect(!event.json.serialized().contains(secret)) }
        }
    }

    @Test("too many rejects leave the target as it was", arguments: targets.map { $0 as any ConformanceTarget })
    func rejects(target: any ConformanceTarget) throws {
        try withSandbox(target) { kit in
            _ = kit.load("t", columns: ["id"], rows: [["1"]], mode: .create, declared: [DeclaredColumn(name: "id", type: .bigint)])
            let result = kit.load("t", columns: ["id"], rows: [["2"], ["x"], ["4"]], mode: .replace,
                                  declared: [DeclaredColumn(name: "id", type: .bigint)])
            #expect(result.error?.code == .rejectsExceeded)
            let stored = try kit.sandbox.rows(table: "t")
            #expect(stored == [["1"]])
        }
    }
}
