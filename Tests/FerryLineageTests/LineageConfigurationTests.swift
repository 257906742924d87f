import FerryCore
import FerryLineage
import Testing

@Suite("Lineage configuration")
struct LineageConfigurationTests {
    static let parentID = "0190c6a1-7c2e-7e3a-9b1d-2f4a6c8e0b13"
    static let rootID = "0190c6a1-0000-7e3a-9b1d-2f4a6c8e0b13"

    func resolve(_ settings: LineageSettings?, _ env: [String: String], files: [String: String] = [:]) -> LineageConfiguration {
        LineageConfiguration.resolve(settings, environment: env) { files[$0] }
    }

    func resolve(_ env: [String: String], files: [String: String] = [:]) -> LineageConfiguration {
        resolve(nil, env, files: files)
    }

    @Test("nothing configured: enabled, no transport, nothing sent")
    func nothing() {
        let config = resolve([:])
        #expect(config.enabled && config.transport == nil && !config.sends && config.problems.isEmpty)
    }

    @Test("OPENLINEAGE_URL, ENDPOINT and API_KEY make an http transport")
    func environmentHTTP() {
        let config = resolve(["OPENLINEAGE_URL": "http://127.0.0.1:5000/", "OPENLINEAGE_ENDPOINT": "api/v2/events", "OPENLINEAGE_API_KEY": "k3y"])
        guard case let .http(http)? = config.transport else { Issue.record("no http transport"); return }
        #expect(http.postURL == "http://127.0.0.1:5000/api/v2/events")
        #expect(http.apiKey?.reveal() == "k3y")
        #expect(http.timeoutSeconds == 5 && http.retries == 2 && !http.gzip)
    }

    @Test("the request's transport wins over the environment; OPENLINEAGE_DISABLED turns lineage off unless the request enables it")
    func precedence() {
        let settings = LineageSettings(transport: .file(path: "/tmp/l.jsonl"))
        #expect(resolve(settings, ["OPENLINEAGE_URL": "http://x"]).transport == .file(path: "/tmp/l.jsonl"))
        #expect(!resolve(settings, ["OPENLINEAGE_DISABLED": "true"]).enabled)
        #expect(resolve(LineageSettings(enabled: true), ["OPENLINEAGE_DISABLED": "TRUE"]).enabled)
        #expect(resolve(nil, ["OPENLINEAGE_DISABLED": "false"]).enabled)
    }

    @Test("OPENLINEAGE_CONFIG: an http transport with api_key auth, timeout and gzip")
    func configFile() {
        let yaml = """
            # client config
            transport:
              type: http
              url: "https://marquez.internal:5000"   # the server
              endpoint: api/v1/lineage
              timeout: 2.5
              compression: gzip
              auth:
                type: api_key
                apiKey: 's3cr''et'
            """
        let config = resolve(["OPENLINEAGE_CONFIG": "/etc/ol.yml"], files: ["/etc/ol.yml": yaml])
        guard case let .http(http)? = config.transport else { Issue.record("no http transport: \(config.problems)"); return }
        #expect(http.postURL == "https://marquez.internal:5000/api/v1/lineage")
        #expect(http.timeoutSeconds == 2.5 && http.gzip)
        #expect(http.apiKey?.reveal() == "s3cr'et")
    }

    @Test("OPENLINEAGE_CONFIG: file and console transports")
    func configFileOthers() {
        let file = resolve(["OPENLINEAGE_CONFIG": "a"], files: ["a": "transport:\n  type: file\n  log_file_path: /var/log/ol.jsonl\n  append: true\n"])
        #expect(file.transport == .file(path: "/var/log/ol.jsonl"))
        let console = resolve(["OPENLINEAGE_CONFIG": "b"], files: ["b": "transport:\n  type: console\n"])
        #expect(console.transport == .console)
    }

    @Test("a bad or missing config file is a problem, not a failure, and never shows the key", arguments: [
        ("transport:\n  type: kafka\n", "kafka"),
        ("transport:\n\ttype: http\n", "tabs"),
        ("transport:\n  type: http\n  url: ftp://x\n", "http:// or https://"),
        ("transport:\n  - type: http\n", "lists"),
        ("other:\n  x: 1\n", "no transport section"),
    ])
    func badConfig(yaml: String, mentions: String) {
        let config = resolve(["OPENLINEAGE_CONFIG": "c.yml"], files: ["c.yml": yaml + "  auth:\n    type: api_key\n    apiKey: TOPSECRET\n"])
        #expect(config.transport == nil)
        #expect(config.problems.count == 1)
        #expect(config.problems.first?.contains(mentions) == true)
        #expect(config.problems.allSatisfy { !$0.contains("TOPSECRET") })
        #expect(resolve(["OPENLINEAGE_CONFIG": "missing.yml"]).problems == ["OPENLINEAGE_CONFIG missing.yml cannot be read"])
    }

    @Test("parent and root from Airflow's namespace/job/run form; the parent is its own root when none is given")
    func parentFromEnvironment() {
        let config = resolve([
            "OPENLINEAGE_PARENT_ID": "airflow/orders_dag.load_orders/\(Self.parentID)",
            "OPENLINEAGE_ROOT_PARENT_ID": "airflow/orders_dag/\(Self.rootID.uppercased())",
        ])
        #expect(config.parent == LineageRunReference(runID: Self.parentID, jobNamespace: "airflow", jobName: "orders_dag.load_orders"))
        #expect(config.root == LineageRunReference(runID: Self.rootID, jobNamespace: "airflow", jobName: "orders_dag"))
        let alone = resolve(["OPENLINEAGE_PARENT_ID": "ns/a/b/c/\(Self.parentID)"])
        #expect(alone.parent?.jobName == "a/b/c")
        #expect(alone.root == alone.parent)
        #expect(resolve(["OPENLINEAGE_PARENT_ID": "ns/job/not-a-uuid"]).problems.count == 1)
    }

    @Test("OPENLINEAGE_CONTEXT carries parent and root; the request's parent wins")
    func context() {
        let context = """
            {"run": {"runId": "\(Self.parentID)"}, "job": {"namespace": "dbt", "name": "shop.seed"},
             "root": {"run": {"runId": "\(Self.rootID)"}, "job": {"namespace": "airflow", "name": "nightly"}}}
            """
        let config = resolve(["OPENLINEAGE_CONTEXT": context])
        #expect(config.parent?.jobName == "shop.seed" && config.root?.jobName == "nightly")
        let mine = LineageRunReference(runID: Self.rootID, jobNamespace: "me", jobName: "mine")
        #expect(resolve(LineageSettings(parent: mine), ["OPENLINEAGE_CONTEXT": context]).parent == mine)
        #expect(resolve(["OPENLINEAGE_CONTEXT": "{"]).problems == ["OPENLINEAGE_CONTEXT: is not a JSON object"])
    }
}
