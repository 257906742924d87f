@testable import FerryServeKit
import Foundation
import Testing

@Suite("API tokens")
struct TokenHasherTests {
    @Test("a token verifies against its salted hash, and a changed secret or salt does not")
    func verifies() throws {
        let made = TokenHasher.generate()
        let salt = TokenHasher.salt()
        let stored = TokenHasher.hash(secret: made.secret, salt: salt)
        #expect(TokenHasher.verify(secret: made.secret, salt: salt, expected: stored))
        #expect(!TokenHasher.verify(secret: made.secret + "0", salt: salt, expected: stored))
        #expect(!TokenHasher.verify(secret: made.secret, salt: TokenHasher.salt(), expected: stored))
        #expect(!stored.contains(made.secret))
        let parsed = try #require(TokenHasher.parse(made.token))
        #expect(parsed.id == made.id && parsed.secret == made.secret)
    }

    @Test("two tokens and two salts differ; the same secret under two salts hashes differently")
    func random() {
        #expect(TokenHasher.generate().token != TokenHasher.generate().token)
        let a = TokenHasher.salt(), b = TokenHasher.salt()
        #expect(a != b)
        #expect(TokenHasher.hash(secret: "s3cret-value", salt: a) != TokenHasher.hash(secret: "s3cret-value", salt: b))
    }

    @Test("the store keeps no token text; a revoked token no longer authenticates", arguments: [Role.admin, .loader, .viewer])
    func store(role: Role) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try ServeStore(path: directory.path + "/serve.db")
        try store.addUser("ann", role: role, now: 1)
        let made = try store.createToken(user: "ann", role: role, now: 1)
        #expect(try store.authenticate(made.token) == Principal(user: "ann", role: role, tokenID: made.id))
        #expect(try store.authenticate(made.token + "x") == nil)
        #expect(try store.authenticate("fst_\(made.id)_") == nil)
        let database = try #require(FileManager.default.contents(atPath: directory.path + "/serve.db"))
        let secret = try #require(TokenHasher.parse(made.token)).secret
        #expect(database.range(of: Data(secret.utf8)) == nil)
        #expect(try store.revokeToken(made.id, now: 2))
        #expect(try store.authenticate(made.token) == nil)
        #expect(try !store.revokeToken(made.id, now: 3))
    }

    @Test("logs redact tokens and configured secrets")
    func logRedaction() {
        let line = JSONLog.redact("Bearer fst_abc_def123 to postgresql://u:pw@h/db", ["postgresql://u:pw@h/db"])
        #expect(line == "Bearer *** to ***")
    }
}
