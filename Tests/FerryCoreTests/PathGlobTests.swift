import FerryCore
import Testing

@Suite("PathGlob")
struct PathGlobTests {
    private func glob(_ pattern: String) throws -> PathGlob {
        do {
            return try PathGlob(pattern)
        } catch {
            Issue.record("\(pattern): \(error.message)")
            throw error
        }
    }

    @Test("the root is the pattern's leading literal directories")
    func root() throws {
        #expect(try glob("data/2026-*.csv.gz").root == "data")
        #expect(try glob("*.csv").root == "")
        #expect(try glob("/srv/in/**/x.csv").root == "/srv/in")
        #expect(try glob("../shared/[ab].tsv").root == "../shared")
    }

    @Test("star and question mark match within one name; sets, ranges, negation and escapes one character", arguments: [
        ("2026-*.csv.gz", "2026-01-02.csv.gz", true),
        ("2026-*.csv.gz", "2026-01-02.csv", false),
        ("2026-*.csv.gz", "sub/2026-01.csv.gz", false),
        ("part-?.csv", "part-7.csv", true),
        ("part-?.csv", "part-17.csv", false),
        ("part-?.csv", "part-é.csv", true),
        ("*", "a", true),
        ("a*b*c", "aXbYbZc", true),
        ("a*b*c", "aXbYbZ", false),
        ("[abc].csv", "b.csv", true),
        ("[abc].csv", "d.csv", false),
        ("[a-c][0-9].csv", "c7.csv", true),
        ("[!a-c].csv", "d.csv", true),
        ("[^a-c].csv", "a.csv", false),
        ("[]x].csv", "].csv", true),
        ("\\*-[0-9].csv", "*-1.csv", true),
        ("a\\*[0-9].csv", "ab1.csv", false),
    ])
    func wildcards(pattern: String, path: String, expected: Bool) throws {
        #expect(try glob(pattern).matches(relative: path) == expected)
    }

    @Test("** matches any number of directories, zero included")
    func anyDepth() throws {
        let g = try glob("**/*.csv")
        #expect(g.matches(relative: "a.csv"))
        #expect(g.matches(relative: "x/a.csv"))
        #expect(g.matches(relative: "x/y/z/a.csv"))
        #expect(!g.matches(relative: "x/y/a.tsv"))
        #expect(g.maxDepth == nil)
        let mid = try glob("in/**/day-*.csv")
        #expect(mid.matches(relative: "day-1.csv"))
        #expect(mid.matches(relative: "2026/01/day-1.csv"))
        #expect(try glob("a/*/b/*.csv").maxDepth == 3)
    }

    @Test("wildcards never match hidden names, . or ..")
    func hidden() throws {
        #expect(!(try glob("*")).matches(relative: ".secret"))
        #expect(!(try glob("?x")).matches(relative: ".x"))
        #expect(!(try glob("**/*.csv")).matches(relative: ".git/a.csv"))
        #expect(!(try glob("*/a.csv")).matches(relative: "../a.csv"))
        #expect(!(try glob("*/a.csv")).matches(relative: "./a.csv"))
        #expect(try glob(".*").matches(relative: ".hidden"))
    }

    @Test("a .. after a wildcard is refused, before one it is the user's", arguments: [
        "data/*/../x.csv", "data/**/../../etc/*", "a/*/./b.csv",
    ])
    func dotDotAfterWildcard(pattern: String) {
        #expect(throws: PathGlobError.self) { try PathGlob(pattern) }
    }

    @Test("malformed patterns are errors", arguments: ["data/[abc.csv", "a/x**y/*.csv", "a\\", "[z-a].csv", "data/x.csv"])
    func malformed(pattern: String) {
        #expect(throws: PathGlobError.self) { try PathGlob(pattern) }
    }

    @Test("only unescaped *, ? and [ make a pattern")
    func isPattern() {
        #expect(PathGlob.isPattern("data/*.csv"))
        #expect(PathGlob.isPattern("data/2026-??.csv"))
        #expect(PathGlob.isPattern("[ab].csv"))
        #expect(!PathGlob.isPattern("data/plain.csv"))
        #expect(!PathGlob.isPattern("data/\\*.csv"))
    }

    @Test("a lister may skip directories that cannot hold a match")
    func descend() throws {
        let g = try glob("2026-*/day-?.csv")
        #expect(g.mayDescend(into: "2026-01"))
        #expect(!g.mayDescend(into: "2025-01"))
        #expect(!g.mayDescend(into: "2026-01/deeper"))
        let deep = try glob("**/x.csv")
        #expect(deep.mayDescend(into: "a/b/c"))
        #expect(!deep.mayDescend(into: ".git"))
    }
}
