import FerryCore
@testable import FerryCLI
import Testing

@Suite("Summary")
struct SummaryTests {
    private func result(rows: Int, rejected: Int = 0) -> RunResult {
        RunResult(
            status: .completed, job: Job(name: "load_orders"), mode: .create, rowsRead: rows + rejected, rowsWritten: rows,
            rowsRejected: rejected, bytesRead: 1_234_567, durationSeconds: 0.5, source: .file(FileEndpoint(path: "orders.csv", format: .csv)),
            target: .sqlite(SQLiteEndpoint(table: "orders")), rejectFile: nil, error: nil)
    }

    @Test("one row is a row; counts of thousands have separators everywhere")
    func counts() {
        #expect(Summary.render(result(rows: 1)) == """
            Loaded 1 row into ferry.db:orders in 0.50 s.
              read      1 row, 1.2 MB
              written   1 row
              rejected  0 rows
              mode      create

            """)
        let big = Summary.render(result(rows: 1_204_332, rejected: 1))
        #expect(big.contains("Loaded 1,204,332 rows into"))
        #expect(big.contains("read      1,204,333 rows"))
        #expect(big.contains("rejected  1 row"))
    }
}

@Suite("Help texts")
struct HelpTextTests {
    @Test("every command's discussion fits 80 columns, so the help never wraps an example or a list item")
    func discussionsFit() {
        for command in FerryCommand.configuration.subcommands {
            for line in command.configuration.discussion.split(separator: "\n") {
                #expect(line.count <= 80, "\(command.configuration.commandName ?? "?"): \(line)")
            }
        }
    }
}
