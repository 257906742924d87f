import Foundation

/// The run queue: runs wait in order of submission, at most `concurrency` child `ferry run`
/// processes execute at once, each run's events are written to `runs/<id>/events.jsonl` and
/// handed to live subscribers (Server-Sent Events) in the order the child printed them.
package actor RunSupervisor {
    package nonisolated let store: ServeStore
    package nonisolated let layout: DataLayout
    private let ferry: String
    private let concurrency: Int
    private let metrics: ServeMetrics
    private let clock: @Sendable () -> Int64
    private let log: JSONLog

    private var queue: [String] = []
    private var children: [String: ChildRun] = [:]
    private var cancelRequested: Set<String> = []
    private var liveEvents: [String: [String]] = [:]
    private var subscribers: [String: [UUID: AsyncStream<String>.Continuation]] = [:]

    package init(store: ServeStore, layout: DataLayout, ferry: String, concurrency: Int, metrics: ServeMetrics,
                 log: JSONLog, clock: @escaping @Sendable () -> Int64) {
        self.store = store
        self.layout = layout
        self.ferry = ferry
        self.concurrency = max(1, concurrency)
        self.metrics = metrics
        self.log = log
        self.clock = clock
    }

    /// Runs executing now and runs waiting.
    package var gauges: (inProgress: Int, queueDepth: Int) { (children.count, queue.count) }

    /// Records `run` (status `queued`) and starts it when a slot is free.
    package func submit(_ run: RunRecord) throws {
        try store.insert(run)
        queue.append(run.id)
        liveEvents[run.id] = []
        pump()
    }

    /// Cancels a queued run at once, or sends SIGTERM to a running one; false when it had ended.
    package func cancel(_ id: String) throws -> Bool {
        if let index = queue.firstIndex(of: id) {
            queue.remove(at: index)
            guard var run = try store.run(id) else { return false }
            run.status = .cancelled
            run.finishedAt = clock()
            try store.update(run)
            metrics.runFinished(status: "cancelled", job: run.job, rowsWritten: 0, rowsRejected: 0, seconds: 0, at: Double(clock()) / 1000)
            finishSubscribers(id)
            return true
        }
        guard let child = children[id] else { return false }
        cancelRequested.insert(id)
        child.terminate()
        return true
    }

    /// The events so far and, while the run is live, a stream of the ones still to come.
    package func subscribe(_ id: String) -> (past: [String], future: AsyncStream<String>?) {
        guard let live = liveEvents[id] else { return (snapshot(id).past, nil) }
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
        let token = UUID()
        subscribers[id, default: [:]][token] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id, token) } }
        return (live, stream)
    }

    /// The events so far, without following the run.
    package func snapshot(_ id: String) -> (past: [String], live: Bool) {
        if let live = liveEvents[id] { return (live, true) }
        let text = (try? String(contentsOfFile: layout.eventsPath(id), encoding: .utf8)) ?? ""
        return (text.split(separator: "\n").map(String.init), false)
    }

    private func unsubscribe(_ id: String, _ token: UUID) {
        subscribers[id]?[token] = nil
    }

    private func finishSubscribers(_ id: String) {
        for continuation in (subscribers[id] ?? [:]).values { continuation.finish() }
        subscribers[id] = nil
        liveEvents[id] = nil
    }

    private func pump() {
        while children.count < concurrency, !queue.isEmpty {
            let id = queue.removeFirst()
            do {
                try start(id)
            } catch {
                log.write("error", "run could not start", ["run_id": id, "error": "\(error)"])
                finishWithoutChild(id, exitCode: nil)
            }
        }
    }

    private func start(_ id: String) throws {
        guard var run = try store.run(id) else { return }
        let directory = layout.runDirectory(id)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: layout.eventsPath(id), contents: nil)
        // The quality report (`ferry run --report`, as `ferry load --report`) lands beside the events.
        let child = try ChildRun(ferry: ferry, arguments: ["run", "--report", DataLayout.reportName], request: run.request.text,
                                 directory: directory, stderrPath: directory + "/stderr.log")
        children[id] = child
        run.status = .running
        run.startedAt = clock()
        try store.update(run)
        log.write("info", "run started", ["run_id": id, "user": run.user, "job": run.job])
        Task { await self.follow(id, child) }
    }

    private func follow(_ id: String, _ child: ChildRun) async {
        let events = FileHandle(forWritingAtPath: layout.eventsPath(id))
        var last: String?
        var exit: (status: Int32, signalled: Bool) = (-1, false)
        for await output in child.lines {
            switch output {
            case .line(let line):
                events?.write(Data((line + "\n").utf8))
                last = line
                liveEvents[id, default: []].append(line)
                for continuation in (subscribers[id] ?? [:]).values { continuation.yield(line) }
            case .exited(let status, let signalled):
                exit = (status, signalled)
            }
        }
        try? events?.close()
        children[id] = nil
        finish(id, lastLine: last, exit: exit)
        pump()
    }

    private func finish(_ id: String, lastLine: String?, exit: (status: Int32, signalled: Bool)) {
        guard var run = try? store.run(id) else { return }
        let result = lastLine.flatMap { JSONValue.parse(Array($0.utf8)) }
        let type = result?["type"]?.string
        if cancelRequested.remove(id) != nil {
            run.status = .cancelled
        } else if type == "run_completed" {
            run.status = .completed
        } else {
            run.status = .failed
        }
        if type == "run_completed" || type == "run_failed" { run.result = result }
        run.finishedAt = clock()
        run.exitCode = Int64(exit.status)
        run.rowsWritten = result?["rows_written"]?.int
        run.rowsRejected = result?["rows_rejected"]?.int
        let rejects = layout.runDirectory(id) + "/" + (run.request["options"]?["reject_path"]?.string.map { ($0 as NSString).lastPathComponent } ?? "rejects.jsonl")
        if FileManager.default.fileExists(atPath: rejects) { run.rejectFile = rejects }
        do { try store.update(run) } catch { log.write("error", "run history not updated", ["run_id": id, "error": "\(error)"]) }
        let seconds = Double((run.finishedAt ?? 0) - (run.startedAt ?? run.createdAt)) / 1000
        metrics.runFinished(status: run.status.rawValue, job: run.job, rowsWritten: run.rowsWritten ?? 0,
                            rowsRejected: run.rowsRejected ?? 0, seconds: seconds, at: Double(clock()) / 1000)
        log.write("info", "run finished", ["run_id": id, "status": run.status.rawValue, "exit_code": String(exit.status)])
        finishSubscribers(id)
    }

    private func finishWithoutChild(_ id: String, exitCode: Int64?) {
        guard var run = try? store.run(id) else { return }
        run.status = .failed
        run.finishedAt = clock()
        run.exitCode = exitCode
        try? store.update(run)
        metrics.runFinished(status: "failed", job: run.job, rowsWritten: 0, rowsRejected: 0, seconds: 0, at: Double(clock()) / 1000)
        finishSubscribers(id)
    }
}
