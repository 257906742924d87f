import ArgumentParser
import FerryServeKit
import Foundation
import Hummingbird

/// `ferry-serve [serve] --port P --data DIR`: marks runs left running by a previous server
/// `interrupted`, starts the sweeper and answers HTTP on the address given.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the server (the default command).")

    @OptionGroup var data: DataOption
    @Option(help: "Address to listen on (use a reverse proxy for TLS, see Docs/serve.md).") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "The ferry binary each run executes (default: `ferry` next to ferry-serve).") var ferry: String?
    @Option(help: "Runs executing at once; more wait in the queue.") var concurrency = 2
    @Option(name: .customLong("runs-per-day"), help: "Runs a user may start per UTC day.") var runsPerDay = 5
    @Option(name: .customLong("bytes-per-day"), help: "Bytes a user may upload per UTC day.") var bytesPerDay: Int64 = 1 << 30
    @Option(name: .customLong("max-upload-bytes"), help: "Largest request body accepted.") var maxUploadBytes = 256 << 20
    @Option(name: .customLong("rate-limit"), help: "Requests per token per minute.") var rateLimit = 600
    @Option(name: .customLong("upload-retention-hours"), help: "Hours an upload is kept.") var uploadRetentionHours: Int64 = 7 * 24
    @Option(name: .customLong("log-retention-minutes"), help: "Minutes a finished run's logs are kept.") var logRetentionMinutes: Int64 = 180
    @Option(name: .customLong("sweep-seconds"), help: "Seconds between retention sweeps.") var sweepSeconds = 300
    @Flag(name: .customLong("secure-cookies"), help: "Mark dashboard cookies Secure (behind an HTTPS reverse proxy).") var secureCookies = false

    func run() async throws {
        let layout = try data.layout()
        let history = try data.location(layout)
        let store = try data.store(layout, serving: true)
        let log = JSONLog(secrets: history.secrets)
        let catalog: TargetCatalog
        do { catalog = try TargetCatalog.load(layout: layout) } catch { throw ValidationError(error.message) }
        log.addSecrets(catalog.secrets)
        let ferryPath = ferry ?? Self.besideServer("ferry")
        let interrupted = try store.markInterrupted(now: nowMilliseconds())
        let metrics = ServeMetrics()
        let supervisor = RunSupervisor(store: store, layout: layout, ferry: ferryPath, concurrency: concurrency,
                                       metrics: metrics, log: log, clock: nowMilliseconds)
        var sweeper = Sweeper(layout: layout, store: store)
        sweeper.uploadRetention = uploadRetentionHours * 3600
        sweeper.logRetention = logRetentionMinutes * 60
        let app = ServeApp(
            supervisor: supervisor, catalog: catalog, metrics: metrics, log: log,
            quota: Quota(runsPerDay: runsPerDay, bytesPerDay: bytesPerDay),
            limiter: RateLimiter(limit: rateLimit, windowSeconds: 60), maxBody: maxUploadBytes, ferryPath: ferryPath,
            pages: try DashboardPages(), sessions: DashboardSessions(), secureCookies: secureCookies
        )
        let every = sweepSeconds
        Task.detached {
            while true {
                do {
                    let outcome = try sweeper.sweep(now: nowMilliseconds())
                    if outcome.uploads + outcome.runLogs > 0 {
                        log.write("info", "retention sweep", ["uploads": String(outcome.uploads), "run_logs": String(outcome.runLogs)])
                    }
                } catch {
                    log.write("error", "retention sweep failed", ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(every))
            }
        }
        log.write("info", "ferry-serve listening", ["host": host, "port": String(port), "data": layout.root, "history": history.shown,
                                                     "interrupted_runs": String(interrupted), "ferry": ferryPath])
        let application = Application(
            router: app.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "ferry-serve"),
            logger: .init(label: "ferry-serve")
        )
        try await application.runService()
    }

    /// `name` in the directory of this executable.
    static func besideServer(_ name: String) -> String {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? executable.path
        return URL(fileURLWithPath: resolved).deletingLastPathComponent().appendingPathComponent(name).path
    }
}
