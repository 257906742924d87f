@testable import FerryServeKit
import Foundation
import Testing

@Suite("API request confinement")
struct ConfinementTests {
    let targets: [String: JSONValue] = ["warehouse": .object(["kind": .string("sqlite"), "path": .string("/srv/w.db")])]

    private func confinement(_ directory: TemporaryDirectory) -> Confinement {
        Confinement(uploadDirectory: directory.path + "/uploads/ann", runDirectory: directory.path + "/runs/r1", targets: targets)
    }

    private func request(source: String = "orders.csv", target: JSONValue? = nil, options: JSONValue? = nil) -> JSONValue {
        var members: [String: JSONValue] = [
            "contract_version": .number(1),
            "source": .object(["kind": .string("file"), "path": .string(source)]),
            "target": target ?? .object(["name": .string("warehouse"), "table": .string("orders")]),
        ]
        if let options { members["options"] = options }
        return .object(members)
    }

    @Test("a file in the upload area and a configured target become absolute paths and the configured target")
    func accepted() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("uploads/ann/orders.csv", "id\n1\n")
        let confined = try confinement(directory).confine(request(options: .object(["reject_path": .string("bad.jsonl")])))
        let real = try #require(Confinement.realPath(directory.path + "/uploads/ann/orders.csv"))
        #expect(confined["source"]?["path"] == .string(real))
        #expect(confined["target"] == .object(["kind": .string("sqlite"), "path": .string("/srv/w.db"), "table": .string("orders")]))
        #expect(confined["options"]?["reject_path"] == .string(directory.path + "/runs/r1/bad.jsonl"))
    }

    @Test("hostile source paths are refused with the JSON path", arguments: [
        ("/etc/passwd", "absolute"), ("../bob/orders.csv", "\"..\""), ("a/../../x.csv", "\"..\""),
        ("out.csv", "symbolic link"), ("nul\u{0}.csv", "NUL"), ("missing.csv", "no such file"),
    ])
    func hostileSource(path: String, reason: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("uploads/ann/orders.csv", "id\n1\n")
        try directory.write("uploads/bob/orders.csv", "id\n1\n")
        try directory.write("secret.csv", "id\n1\n")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/uploads/ann/out.csv", withDestinationPath: directory.path + "/secret.csv")
        do {
            _ = try confinement(directory).confine(request(source: path))
            Issue.record("\(path) was accepted")
        } catch {
            #expect(error.status == 400)
            #expect(error.message.contains("$.source.path"))
            #expect(error.message.contains(reason))
        }
    }

    @Test("a reject path that climbs out, raw connections and lineage are refused", arguments: [
        ("options", "$.options.reject_path"), ("connection", "$.target.connection"), ("path", "$.target.path"),
        ("unknown", "$.target.name"), ("lineage", "$.lineage"),
    ])
    func hostileMembers(kind: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("uploads/ann/orders.csv", "id\n1\n")
        var request = request()
        switch kind {
        case "options": request = self.request(options: .object(["reject_path": .string("../../../../etc/passwd")]))
        case "connection": request = self.request(target: .object(["name": .string("warehouse"), "connection": .string("postgresql://u:p@h/d")]))
        case "path": request = self.request(target: .object(["name": .string("warehouse"), "path": .string("/etc/x.db")]))
        case "unknown": request = self.request(target: .object(["name": .string("elsewhere"), "table": .string("t")]))
        default:
            if case .object(var members) = request {
                members["lineage"] = .object(["transport": .object(["kind": .string("file"), "path": .string("/tmp/x")])])
                request = .object(members)
            }
        }
        #expect(throws: ServeError.self) { try confinement(directory).confine(request) }
        do { _ = try confinement(directory).confine(request) } catch {
            #expect(error.status == 400)
            #expect(error.message.contains(expected))
            #expect(!error.message.contains("u:p@h"))
        }
    }

    @Test("user names are plain names")
    func userNames() {
        #expect(UserName.isValid("ann.b-c_1"))
        for bad in ["", ".hidden", "a/b", "..", "a b", "ä", String(repeating: "a", count: 65)] { #expect(!UserName.isValid(bad)) }
    }
}
