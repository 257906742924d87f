import FerryCore
import FerryLineage
import FerryTestSupport
import Foundation
import Testing

@Suite("Lineage of a load that wrote several files")
struct LineageOutputFilesTests {
    @Test("COMPLETE names one output dataset per file written, each with its own statistics")
    func oneDatasetPerFile() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let runID = RunID()
        let reporter = LineageReporter(
            builder: LineageReporterTests.builder(runID: runID), sender: FileLineageSender(path: dir.file("ol.jsonl")), timeoutSeconds: 5)
        reporter.receive(LineageReporterTests.event(LineageReporterTests.started, runID))
        let files = [
            RunEventBuilder.OutputFile(dataset: .file("out/k=a/part-00000.parquet", workingDirectory: "/data"), rows: 6, bytes: 1200),
            RunEventBuilder.OutputFile(dataset: .file("out/k=b/part-00000.parquet", workingDirectory: "/data"), rows: 3, bytes: 800),
        ]
        #expect(reporter.finish(LineageReporterTests.result(.completed), bytesWritten: nil, outputFiles: files).isEmpty)
        let events = try LineageReporterTests.lines(dir.file("ol.jsonl"))
        #expect(events.map { $0["eventType"] as? String } == ["START", "COMPLETE"])
        let outputs = try #require(events[1]["outputs"] as? [[String: Any]])
        #expect(outputs.map { $0["name"] as? String } == ["/data/out/k=a/part-00000.parquet", "/data/out/k=b/part-00000.parquet"])
        #expect(outputs.allSatisfy { $0["namespace"] as? String == "file" })
        let stats = outputs.map { ($0["outputFacets"] as? [String: Any])?["outputStatistics"] as? [String: Any] }
        #expect(stats.map { $0?["rowCount"] as? Int } == [6, 3])
        #expect(stats.map { $0?["size"] as? Int } == [1200, 800])
        #expect(stats.map { $0?["fileCount"] as? Int } == [1, 1])
    }
}
