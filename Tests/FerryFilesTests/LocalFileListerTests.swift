import FerryCore
import FerryFiles
import FerryTestSupport
import Foundation
import Testing

@Suite("Local file lister")
struct LocalFileListerTests {
    let dir = TemporaryDirectory()

    private func glob(_ pattern: String) throws -> PathGlob {
        do { return try PathGlob(pattern) } catch {
            Issue.record(Comment(rawValue: error.message))
            throw error
        }
    }

    private func mkdirs(_ relative: String) {
        var path = dir.path
        for part in relative.split(separator: "/") {
            path += "/" + part
            mkdir(path, 0o700)
        }
    }

    @Test("matches come in bytewise path order, whatever order they were made in")
    func order() throws {
        for name in ["b.csv", "B.csv", "a.csv", "a-2.csv", "é.csv", "z.tsv"] { dir.write(name, "x\n1\n") }
        let files = try LocalFileLister.files(matching: glob(dir.path + "/*.csv"))
        #expect(files == ["B.csv", "a-2.csv", "a.csv", "b.csv", "é.csv"].map { dir.path + "/" + $0 })
    }

    @Test("** walks every depth; a directory source lists only its own files of the format")
    func depth() throws {
        mkdirs("in/2026/01")
        dir.write("in/top.csv", "x\n")
        dir.write("in/2026/mid.csv", "x\n")
        dir.write("in/2026/01/deep.csv.gz", "x\n")
        dir.write("in/2026/01/.hidden.csv", "x\n")
        dir.write("in/notes.txt.bak", "x\n")
        let all = try LocalFileLister.files(matching: glob(dir.path + "/in/**/*.csv*"))
        #expect(all == ["in/2026/01/deep.csv.gz", "in/2026/mid.csv", "in/top.csv"].map { dir.path + "/" + $0 })
        let direct = try LocalFileLister.files(in: dir.path + "/in", format: .csv)
        #expect(direct == [dir.path + "/in/top.csv"])
    }

    @Test("a symbolic link loop ends the walk instead of hanging it")
    func loop() throws {
        mkdirs("tree/a")
        dir.write("tree/a/one.csv", "x\n")
        #expect(symlink(dir.path + "/tree", dir.path + "/tree/a/back") == 0)
        #expect(symlink(dir.path + "/tree/a/self", dir.path + "/tree/a/self") == 0)
        let files = try LocalFileLister.files(matching: glob(dir.path + "/tree/**/*.csv"))
        #expect(files == [dir.path + "/tree/a/one.csv"])
    }

    @Test("a glob matching nothing is source_not_found naming the pattern")
    func nothing() throws {
        let pattern = dir.path + "/none-*.csv"
        let g = try glob(pattern)
        let error = #expect(throws: FerryError.self) { try LocalFileLister.files(matching: g) }
        #expect(error?.code == .sourceNotFound)
        #expect(error?.message.contains(pattern) == true)
    }
}
