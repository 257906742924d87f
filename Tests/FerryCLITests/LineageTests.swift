import FerryCore
import FerryTestSupport
import Foundation
import Testing

/// OpenLineage from the real binary to a loopback HTTP receiver.
@Suite("OpenLineage over HTTP")
struct LineageTests {
    let dir = TemporaryDirectory()
    static let parentID = "0190c6a1-7c2e-7e3a-9b1d-2f4a6c8e0b13"

    /// The JSON bodies (kept for the Python suite's schema validation).
    func events(_ requests: [LoopbackHTTPRequest], test: String = #function) throws -> [JSONValue] {
        let events = try requests.map { try JSONParser.parse($0.body) }
        LineageCapture.keep(events.map { $0.serialized() }, test: test)
        return events
    }

    @Test("START then COMPLETE reach the receiver with the key, the run id, the parent and the row counts")
    func startAndComplete() throws {
        let server = try LoopbackHTTPServer()
        dir.write("orders.csv", "id,name\n1,a\n2,b\n3,c\n")
        let out = try FerryBinary.run(["load", "orders.csv", "--json"], in: dir.path, environment: [
            "OPENLINEAGE_URL": server.url, "OPENLINEAGE_API_KEY": "k-123", "OPENLINEAGE_NAMESPACE": "team_ns",
            "OPENLINEAGE_PARENT_ID": "airflow/shop.load_orders/\(Self.parentID)",
        ])
        #expect(out.status == 0)
        let requests = server.waitForRequests(count: 2)
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.method == "POST" && $0.path == "/api/v1/lineage" })
        #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer k-123" && $0.header("Content-Type") == "application/json" })
        let sent = try events(requests)
        #expect(sent.map { $0.at("eventType")?.stringValue } == ["START", "COMPLETE"])
        let runID = out.last?.at("run_id")?.stringValue
        #expect(sent.allSatisfy { $0.at("run.runId")?.stringValue == runID })
        #expect(sent.allSatisfy { $0.at("job.namespace")?.stringValue == "team_ns" })
        #expect(sent.allSatisfy { $0.at("run.facets.parent.run.runId")?.stringValue == Self.parentID })
        #expect(sent[1].at("run.facets.parent.job.name")?.stringValue == "shop.load_orders")
        guard case let .array(outputs)? = sent[1].at("outputs"), case let .array(inputs)? = sent[1].at("inputs") else {
            Issue.record("no datasets"); return
        }
        #expect(outputs.first?.at("outputFacets.outputStatistics.rowCount")?.intValue == 3)
        #expect(inputs.first?.at("inputFacets.inputStatistics.rowCount")?.intValue == 3)
        #expect(inputs.first?.at("name")?.stringValue == URL(fileURLWithPath: dir.file("orders.csv")).standardizedFileURL.path)
        #expect(out.last?.at("lineage.parent.run_id")?.stringValue == Self.parentID)
        #expect(!out.stdout.contains("k-123") && !out.stderr.contains("k-123"))
    }

    @Test("SIGTERM during a load sends ABORT after START")
    func abort() throws {
        let server = try LoopbackHTTPServer()
        let running = try FerryBinary.start(
            ["load", "-", "--format", "csv", "--json", "--batch-size", "1000", "--column", "id:bigint", "--table", "t"],
            in: dir.path, environment: ["OPENLINEAGE_URL": server.url])
        let handle = running.input.fileHandleForWriting
        try handle.write(contentsOf: Data("id\n".utf8))
        var id = 0
        let deadline = Date().addingTimeInterval(60)
        // Rows keep coming until a batch has been written (a progress event), then SIGTERM.
        while !running.stdoutSoFar.contains(#""type":"progress""#) && Date() < deadline {
            var chunk = ""
            for _ in 0..<5_000 { chunk += "\(id)\n"; id += 1 }
            try handle.write(contentsOf: Data(chunk.utf8))
        }
        running.signal(SIGTERM)
        let out = running.wait()
        try? handle.close()
        #expect(out.status == 130)
        let sent = try events(server.waitForRequests(count: 2))
        #expect(sent.map { $0.at("eventType")?.stringValue } == ["START", "ABORT"])
        #expect(sent.last?.at("run.facets.errorMessage.message")?.stringValue?.hasPrefix("cancelled") == true)
    }

    @Test("a failed load sends FAIL with its error message")
    func fail() throws {
        let server = try LoopbackHTTPServer()
        dir.write("a.csv", "id\n1\n")
        _ = try FerryBinary.run(["load", "a.csv"], in: dir.path)
        let out = try FerryBinary.run(["load", "a.csv", "--json"], in: dir.path, environment: ["OPENLINEAGE_URL": server.url])
        #expect(out.status == 5)
        let sent = try events(server.waitForRequests(count: 2))
        #expect(sent.last?.at("eventType")?.stringValue == "FAIL")
        #expect(sent.last?.at("run.facets.errorMessage.message")?.stringValue?.contains("already exists") == true)
    }

    @Test("with the receiver down the load succeeds within the timeout and warns")
    func receiverDown() throws {
        let url = try LoopbackHTTPServer.unusedPortURL()
        dir.write("a.csv", "id\n1\n")
        let out = try FerryBinary.run(["load", "a.csv", "--json"], in: dir.path, environment: ["OPENLINEAGE_URL": url])
        #expect(out.status == 0)
        let warnings = out.events.filter { $0.at("type")?.stringValue == "warning" }
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.at("code")?.stringValue == "lineage_not_delivered" })
        #expect(out.stderr.contains("OpenLineage"))
        #expect(out.last?.at("type")?.stringValue == "run_completed")
    }

    @Test("a receiver that never answers delays the run by about the timeout, not more")
    func receiverHangs() throws {
        let server = try LoopbackHTTPServer(fallback: .delayed(.seconds(30)))
        dir.write("a.csv", "id\n1\n")
        dir.write("req.json", """
            {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"},
             "lineage": {"transport": {"type": "http", "url": "\(server.url)", "timeout_seconds": 1, "retries": 0}}}
            """)
        let start = Date()
        let out = try FerryBinary.run(["run", "--request", "req.json"], in: dir.path)
        // Functional bound: the receiver holds each request for 30 s.
        #expect(Date().timeIntervalSince(start) < 15)
        #expect(out.status == 0)
        #expect(out.events.contains { $0.at("code")?.stringValue == "lineage_not_delivered" })
    }

    @Test("gzip compression sends a gzip body the receiver can inflate")
    func gzip() throws {
        let server = try LoopbackHTTPServer()
        dir.write("a.csv", "id\n1\n")
        dir.write("req.json", """
            {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"},
             "lineage": {"transport": {"type": "http", "url": "\(server.url)", "endpoint": "/events", "compression": "gzip"}}}
            """)
        let out = try FerryBinary.run(["run", "--request", "req.json"], in: dir.path)
        #expect(out.status == 0)
        let requests = server.waitForRequests(count: 2)
        #expect(requests.count == 2 && requests.allSatisfy { $0.header("Content-Encoding") == "gzip" && $0.path == "/events" })
        let gz = dir.write("body.json.gz", bytes: requests[0].body)
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gunzip.arguments = ["-d", gz]
        try gunzip.run()
        gunzip.waitUntilExit()
        let start = try JSONParser.parse(dir.read("body.json") ?? [])
        #expect(start.at("eventType")?.stringValue == "START")
        LineageCapture.keep([start.serialized()], test: #function)
    }

    @Test("file and console transports; OPENLINEAGE_DISABLED sends nothing")
    func fileAndConsole() throws {
        dir.write("a.csv", "id\n1\n")
        let config = dir.write("ol.yml", "transport:\n  type: file\n  log_file_path: \(dir.file("ol.jsonl"))\n")
        _ = try FerryBinary.run(["load", "a.csv", "--table", "t1"], in: dir.path, environment: ["OPENLINEAGE_CONFIG": config])
        let lines = String(decoding: dir.read("ol.jsonl") ?? [], as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        LineageCapture.keep(lines.map(String.init), test: #function)
        _ = try FerryBinary.run(["load", "a.csv", "--table", "t2"], in: dir.path, environment: ["OPENLINEAGE_CONFIG": config, "OPENLINEAGE_DISABLED": "true"])
        #expect(String(decoding: dir.read("ol.jsonl") ?? [], as: UTF8.self).split(separator: "\n").count == 2)
        dir.write("req.json", """
            {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"}, "target": {"kind": "sqlite", "path": "c.db", "table": "t"},
             "lineage": {"transport": {"type": "console"}}}
            """)
        let out = try FerryBinary.run(["run", "--request", "req.json"], in: dir.path)
        let console = out.stderr.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        #expect(console.map { $0.at("eventType")?.stringValue } == ["START", "COMPLETE"])
        LineageCapture.keep(console.map { $0.serialized() }, test: #function)
        #expect(console.first?.at("outputs")?.serialized().contains("c.db#t") == true)
    }
}
