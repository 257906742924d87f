package import FerryCore

/// One load, start to finish: resolve the schema (inferring types when needed), then stream
/// source → typing → sink with rejects counted against the policy, and commit or roll back.
///
/// The run never throws: every outcome, including failures, becomes a `RunResult`, which the CLI
/// emits as the last event. Reading and typing run on a worker thread while the calling thread
/// writes to the sink, so parsing overlaps the database's work; a load with a shaper or stages
/// runs them on a third thread between the two (`StageWorker`).
package struct LoadRun {
    package var request: LoadRequest
    package var emitter: EventEmitter
    package var cancellation: Cancellation
    package var ferryVersion: String
    /// The jitter and pauses of retries (`options.retries`); tests pass their own.
    package var retryTiming = RetryTiming.system
    /// Steps between typing and the target (checks, transforms), in order; see `BatchStage`.
    package var stages: [any BatchStage] = []
    /// The step that reshapes rows before the stages (transforms), if any; see `SchemaStage`.
    package var shaper: (any SchemaStage)?
    /// Opens a sink for the target (nil) or for a staging table of it, for chunked loads
    /// (`options.commit_every`); nil when the target cannot stage chunks.
    package var openStagingSink: ((String?) throws(FerryError) -> any ChunkStagingSink)?
    /// Rows types are inferred from before the rest is checked while loading; nil for
    /// `SchemaPass`'s default (tests use fewer).
    package var inferenceFirstRows: Int?

    /// Typed batches queued between the reader thread and the writer; bounds memory.
    static let queueDepth = 4
    /// Batches queued before and after the stage thread, when there is one (`StageWorker`).
    static let stagedQueueDepth = 2

    package init(request: LoadRequest, emitter: EventEmitter, cancellation: Cancellation, ferryVersion: String) {
        self.request = request
        self.emitter = emitter
        self.cancellation = cancellation
        self.ferryVersion = ferryVersion
    }

    /// Where rejected rows go when the request does not say.
    package var rejectPath: String { Self.rejectPath(for: request) }

    /// Where `request`'s rejected rows go: `options.reject_path`, else `<job name>.rejects.jsonl`.
    package static func rejectPath(for request: LoadRequest) -> String {
        request.options.rejectPath ?? "\(request.job.name).rejects.jsonl"
    }

    /// Runs the load with connectors built by the composition root.
    package func run(
        openSource: () throws(FerryError) -> any RecordSource,
        openSink: () throws(FerryError) -> any BatchSink,
        openRejects: (String) -> any RejectSink
    ) -> RunResult {
        let started = Clock.monotonicSeconds()
        let startedAt = Clock.unixMillis()
        emitter.emit(RunStarted(job: request.job, source: request.source, target: request.target,
                                mode: request.mode, ferryVersion: ferryVersion))
        var schedule = RetrySchedule(policy: request.options.retry)
        // Each attempt starts over: source reopened from its start, new transaction, new reject file.
        var attempt = 1
        // Types inferred from the first rows are checked while loading until a row changes one;
        // the load then starts over (not a retry) with types inferred from the whole input.
        var checksInference = request.options.commitEvery == nil
        while true {
            var tally = Tally()
            var sink: (any BatchSink)?
            let rejects = openRejects(rejectPath)
            do {
                let source = try openSource()
                tally.files = source.fileSet
                if !reportFiles(tally.files) {
                    try? rejects.close()
                    return result(.completed, tally: tally, started: started, rejectFile: rejects.path, error: nil)
                }
                let opened = try openTarget(openSink, source: source)
                sink = opened
                // Only a ledger row needs the source's SHA-256.
                if !opened.keepsLedger { source.skipFingerprint() }
                cancellation.register(opened.interrupter)
                if try load(source: source, sink: opened, rejects: rejects, tally: &tally, started: started, startedAt: startedAt,
                            checksInference: checksInference) == .inferAgain {
                    opened.rollback()
                    rejects.discard()
                    checksInference = false
                    continue
                }
                try? rejects.close()
                return result(.completed, tally: tally, started: started, rejectFile: rejects.path, error: nil)
            } catch {
                sink?.rollback()
                switch afterFailure(error, attempt: attempt, schedule: &schedule, rejects: rejects) {
                case .retry:
                    attempt += 1
                    continue
                case .fail: try? rejects.close()
                case .cancelledWhilePausing: tally = Tally()
                }
                let final = cancellation.isCancelled ? cancellation.error : error
                // Only a target that was reached can record the failure (best effort, own transaction).
                sink?.recordFailure(ledgerEntry(.failed, tally: tally, fingerprint: nil, startedAt: startedAt, error: final))
                return result(.failed, tally: tally, started: started, rejectFile: rejects.path, error: final)
            }
        }
    }

    private func result(_ status: RunResult.Status, tally: Tally, started: Double, rejectFile: String, error: FerryError?) -> RunResult {
        var result = RunResult(status: status, job: request.job, mode: request.mode, rowsRead: tally.rowsRead,
                  rowsWritten: status == .completed ? tally.rowsWritten : 0, rowsRejected: tally.rowsRejected,
                  bytesRead: tally.bytesRead, durationSeconds: Clock.monotonicSeconds() - started,
                  source: request.source, target: request.target,
                  rejectFile: tally.rowsRejected > 0 ? rejectFile : nil, error: error,
                  stageMembers: (shaper?.resultMembers ?? []) + stages.flatMap(\.resultMembers))
        if let files = tally.files, files.isSet {
            result.filesLoaded = status == .completed ? files.parts.count : 0
            result.filesSkipped = files.skipped.count
        }
        return result
    }

    /// The ledger row of this run.
    private func ledgerEntry(_ status: LedgerEntry.Status, tally: Tally, fingerprint: SourceFingerprint?,
                             startedAt: Int64, error: FerryError?, schema: Schema? = nil) -> LedgerEntry {
        var entry = LedgerEntry(runID: emitter.runID, job: request.job, targetTable: request.target.objectName,
                    sourceURI: request.source.displayURI, sourceSHA256: fingerprint?.sha256, sourceBytes: fingerprint?.bytes,
                    rowsRead: tally.rowsRead, rowsWritten: status == .completed ? tally.rowsWritten : 0,
                    rowsRejected: tally.rowsRejected, mode: request.mode, status: status, startedAt: startedAt,
                    endedAt: Clock.unixMillis(), errorCode: error?.code.rawValue, ferryVersion: ferryVersion,
                    columnTypes: schema.map(LedgerEntry.columnTypes(of:)))
        entry.checks = stages.lazy.compactMap(\.ledgerRecord).first
        return entry
    }

    /// How an attempt's load ended when it did not fail.
    enum LoadEnd {
        /// Committed.
        case committed
        /// A row changed a type inferred from the first rows: nothing was committed, and the load
        /// starts over with whole-input inference.
        case inferAgain
    }

    private func load(source: any RecordSource, sink: any BatchSink, rejects: any RejectSink,
                      tally: inout Tally, started: Double, startedAt: Int64, checksInference: Bool) throws(FerryError) -> LoadEnd {
        let existing = try sink.existingColumns()
        // With a shaper, the input is typed on its own and the shaper's output meets the target.
        var pass = SchemaPass(request: shaper == nil ? request : request.unshaped, cancellation: cancellation, emitter: emitter)
        pass.limits = sink.valueLimits
        pass.checksWhileLoading = checksInference
        if let firstRows = inferenceFirstRows { pass.firstRows = firstRows }
        let (resolved, replay) = try pass.resolve(source: source, existing: shaper == nil ? existing : nil, started: started)
        let schema = try shaper?.start(input: resolved.schema, existing: request.mode.keepsTable ? existing : nil) ?? resolved.schema
        emitter.emit(SchemaResolved(schema: schema, rowsScanned: resolved.rowsScanned, sampled: resolved.sampled,
                                    checked: resolved.check != nil))
        try checkNames(schema.names, sink: sink)
        let schemaChanged = try prepareSchemaChanges(schema, existing: existing, sink: sink)
        for stage in stages { try stage.start(schema: schema) }
        try checkCancelled()
        try sink.begin(schema: schema, mode: request.mode, key: request.key)
        if let schemaChanged { emitter.emit(schemaChanged) }

        let typist = Typist(schema: resolved.schema, fieldIndex: resolved.fieldIndex, limits: sink.valueLimits)
        let ownThread = stagesOnOwnThread
        let queue = BoundedQueue<Prepared>(capacity: ownThread ? Self.stagedQueueDepth : Self.queueDepth)
        let reader = ReaderStage(source: Transfer(value: source),
                                 replay: ReplayedChunks(try resumeSource(source, sink: sink, replay: consume replay, tally: &tally)),
                                 typist: typist, schema: resolved.schema, queue: queue, cancellation: cancellation,
                                 keepsRecords: !stages.isEmpty || shaper != nil, tracksPosition: request.options.commitEvery != nil,
                                 check: resolved.check, rowsInferred: resolved.rowsScanned)
        let thread = try WorkerThread(name: "ferry-reader", stage: .extract) { reader.run() }
        cancellation.register(queue)
        let input = resolved.schema
        let stageQueue = ownThread ? BoundedQueue<Prepared>(capacity: Self.stagedQueueDepth) : nil
        let stageThread: WorkerThread?
        do throws(FerryError) {
            stageThread = try stageQueue.map { (output) throws(FerryError) -> WorkerThread in
                let worker = StageWorker(input: queue, output: output, cancellation: cancellation, load: Transfer(value: self),
                                         inputSchema: input, schema: schema)
                return try WorkerThread(name: "ferry-stages", stage: .transform) { worker.run() }
            }
        } catch {
            // The reader stops at its next batch; the load fails and the target is rolled back.
            queue.close()
            thread.join()
            throw error
        }
        if let stageQueue { cancellation.register(stageQueue) }
        defer {
            stageQueue?.close()
            queue.close()
            // The stage thread never blocks on the source: it is joined even when cancelled.
            stageThread?.join()
            if cancellation.isCancelled { thread.detach() } else { thread.join() }
        }

        var progress = ProgressThrottle(started: started)
        let policy = request.options.maxRejects
        var unmatched = 0
        var changed = Array(repeating: 0, count: resolved.schema.columns.count)
        var repeats: KeyRepeats? = request.mode == .upsert
            ? KeyRepeats(key: request.key.compactMap { schema.index(of: $0) }) : nil
        /// Writes one batch's rejects and rows, counting them.
        func deliver(_ batch: TypedBatch, rejected: [RejectedRecord]) throws(FerryError) {
            if !rejected.isEmpty {
                try rejects.write(rejected)
                tally.rowsRejected += rejected.count
                tally.countByFile(rejected)
                emitter.emit(RowsRejected(count: rejected.count, total: tally.rowsRejected,
                                          rejectFile: rejects.path, samples: Array(rejected.prefix(5))))
                if policy.exceededEarly(rejected: tally.rowsRejected) {
                    throw rejectsExceeded(tally)
                }
            }
            if batch.rowCount > 0 {
                repeats?.add(batch)
                let written = try sink.write(batch)
                tally.rowsWritten += written
                unmatched += batch.rowCount - written
            }
        }
        while let item = (stageQueue ?? queue).take() {
            switch item {
            case let .failed(error):
                throw error
            case let .inferAgain(warning):
                emitter.emit(warning)
                return .inferAgain
            case .batch:
                try checkCancelled()
                // Without a stage thread, batches are shaped and staged here.
                let next = try ownThread ? item : staged(item, input: input, schema: schema)
                guard case let .batch(batch, rejected, rowsRead, bytesRead, changedInBatch, _, position) = next else { continue }
                for c in changedInBatch.indices where changedInBatch[c] > 0 { changed[c] += changedInBatch[c] }
                tally.rowsRead += rowsRead
                tally.bytesRead = bytesRead
                noteBytesRead(bytesRead, position: position, sink: sink)
                try deliver(batch, rejected: rejected)
                if progress.due() {
                    emitter.emit(progress.event(.load, tally: tally, total: source.totalBytes))
                }
            }
        }
        // The stage thread closed its queue as its last act: the stages are this thread's again.
        stageThread?.join()
        try checkCancelled()
        // Rows the shaper held back (de-duplication) meet the stages and the target now.
        try shaper?.finish { (held: TypedBatch) throws(FerryError) in
            try checkCancelled()
            let (batch, stageRejects) = try applyStages(held, raw: nil, schema: schema)
            try deliver(batch, rejected: stageRejects)
        }
        for stage in stages { try stage.finish() }
        if !policy.allows(rejected: tally.rowsRejected, of: tally.rowsRead) {
            throw rejectsExceeded(tally)
        }
        // The reader closed the queue as its last act, so it no longer touches the source.
        let fingerprint = source.fingerprint
        if let merged = try sink.finish() {
            // Staged updates know their count only after the merge: the input rows whose key
            // matched a row.
            if request.mode == .update { unmatched = max(0, tally.rowsWritten - merged) }
            tally.rowsWritten = merged
        }
        if let repeats, repeats.count > 0 {
            let rows = repeats.count == 1 ? "1 row repeated the key of an earlier row" : "\(repeats.count) rows repeated the key of an earlier row"
            emitter.emit(Warning(code: "duplicate_keys",
                                 message: "\(rows) of the input; rows are applied in input order, so the last row of each key is the one \"\(request.target.objectName)\" keeps"))
        }
        if request.mode == .update && unmatched > 0 {
            emitter.emit(Warning(code: "rows_not_matched",
                                 message: "\(unmatched) row\(unmatched == 1 ? "" : "s") matched no key in \"\(request.target.objectName)\" and changed nothing"))
        }
        for c in changed.indices where changed[c] > 0 {
            emitter.emit(Self.valuesChanged(changed[c], column: resolved.schema.columns[c]))
        }
        // The reject file is published before the commit: rows that cannot be kept in it (its
        // path is a directory, the disk is full) fail the load instead of vanishing after it.
        try rejects.close()
        tally.files = source.fileSet
        let entry = ledgerEntry(.completed, tally: tally, fingerprint: fingerprint, startedAt: startedAt, error: nil, schema: schema)
        for row in Self.ledgerRows(entry, files: tally.files, rejectedByFile: tally.rejectedByFile) {
            try sink.record(row)
        }
        try cancellation.committing { () throws(FerryError) in try sink.commit() }
        return .committed
    }

    /// Two source columns the target takes for one (`a` and `A` where names ignore ASCII case)
    /// fail the load before anything is written, as `a` twice does; canonically equal names in
    /// different bytes (NFC and NFD) load as two columns, with a warning.
    private func checkNames(_ names: [String], sink: any BatchSink) throws(FerryError) {
        if let (first, second) = ColumnName.firstClash(in: names, foldingCase: sink.foldsColumnNameCase) {
            throw FerryError(.sourceSchema, stage: .validate,
                             "columns \"\(first)\" and \"\(second)\" are one column name in \(sink.valueLimits.targetName), which ignores letter case in names; rename one")
        }
        for (first, second) in ColumnName.canonicalTwins(in: names) {
            emitter.emit(Warning(code: "column_names_look_alike",
                                 message: "columns \"\(first)\" and \"\(second)\" look the same but are spelt with different Unicode code points (NFC and NFD); they load as two columns"))
        }
    }

    /// The warning for `count` values of `column` stored as a number in another form than their
    /// text (`+5` → 5, `007` → 7): one per column and run.
    static func valuesChanged(_ count: Int, column: Column) -> Warning {
        let values = count == 1 ? "1 value" : "\(count) values"
        return Warning(code: "values_changed",
                       message: "\(values) of column \"\(column.name)\" (\(column.origin.rawValue) \(column.type.name)) had a \"+\" sign, leading zeros or a bare decimal point, which the stored number drops; declare the column text to keep such values as written")
    }

    private func rejectsExceeded(_ tally: Tally) -> FerryError {
        FerryError(.rejectsExceeded, stage: .transform,
                   "\(tally.rowsRejected) row\(tally.rowsRejected == 1 ? "" : "s") rejected of \(tally.rowsRead) read, over max_rejects \(request.options.maxRejects); the target was left unchanged (see \(rejectPath))")
    }

    private func checkCancelled() throws(FerryError) {
        if cancellation.isCancelled { throw cancellation.error }
    }
}

/// Running counts of a load.
struct Tally {
    var rowsRead = 0
    var rowsWritten = 0
    var rowsRejected = 0
    var bytesRead = 0
    /// The files of a file-set source (Docs/many-files.md) and the rows rejected in each.
    var files: FileSetReport?
    var rejectedByFile: [String: Int] = [:]
}
